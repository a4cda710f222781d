# frozen_string_literal: true

# The seed programs' shared helpers, as examples/example_util.h is for the C
# ones: the user and keyword tables of seeds 001 and 003, opening an
# in-memory database for a registry, and printing values, objects and
# collections the way the seeds' Python sessions print them
# ("[<Student 1>, <Student 3>]", 'text', None, True).
require "assoc"

module Example
  module_function

  def header(title)
    puts "== #{title} =="
  end

  # A REPL prompt line: ">>> t1.students"
  def prompt(code)
    puts ">>> #{code}"
  end

  # Seeds 001 and 003: user(id, name), keyword(id, keyword) and the link table
  # (user_id, keyword_id[, special_key]) between them.
  def user_keyword_tables(registry, link = "user_keyword", special_key: false)
    registry.table("user") do |t|
      t.column :id, :integer, primary_key: true
      t.column :name, :text
    end
    registry.table("keyword") do |t|
      t.column :id, :integer, primary_key: true
      t.column :keyword, :text
    end
    registry.table(link) do |t|
      t.column :user_id, :integer, foreign_key: "user.id", primary_key: true
      t.column :keyword_id, :integer, foreign_key: "keyword.id", primary_key: true
      t.column :special_key, :text if special_key
    end
  end

  # User(name), added to the session.
  def add_user(session, user_class, name)
    user = user_class.new(session, name: name)
    session.add(user)
    user
  end

  # Configure the registry, create its tables in a new in-memory database, open a session.
  def open(registry)
    engine = Assoc::Engine.new("sqlite://")
    engine.create_all(registry)
    [engine, Assoc::Session.new(engine, registry)]
  end

  # How print() shows a value: strings bare, nil as None, objects by repr.
  def str(value)
    case value
    when nil then "None"
    when true then "True"
    when false then "False"
    when Float then format("%g", value)
    else value.to_s
    end
  end

  # How the REPL (and a list) shows a value: strings quoted.
  def repr(value)
    value.is_a?(String) ? "'#{value}'" : str(value)
  end

  def print_str(value)
    puts str(value)
  end

  def print_repr(value)
    puts repr(value)
  end

  def print_bool(value)
    puts str(value ? true : false)
  end

  # "[a, b]" of the values, each shown by the block (repr by default).
  def list(values, &show)
    show ||= method(:repr)
    "[#{values.map(&show).join(', ')}]"
  end

  # print(view) for a list, set or dict collection.
  def print_view(collection, &show)
    show ||= method(:repr)
    case collection.kind
    when :dict then puts "{#{collection.map { |k, v| "#{repr(k)}: #{show.call(v)}" }.join(', ')}}"
    when :set then puts "{#{collection.map(&show).join(', ')}}"
    else puts list(collection, &show)
    end
  end

  # SELECT count(*) FROM table, on the engine's connection.
  def count_rows(engine, table)
    engine.scalar(%(SELECT count(*) FROM "#{table}"))
  end
end
