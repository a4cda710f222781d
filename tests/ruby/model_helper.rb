# frozen_string_literal: true

# Shared by the Ruby binding's tests (and the scripts they run in child
# processes): a small model built fresh for each test: users with keywords
# through user_keyword (User#kw, and the unique proxy User#keywords with a
# Ruby creator), posts owned by users, and tags on posts as a set and as a dict
# keyed by label.
require "assoc"

module ModelHelper
  Model = Struct.new(:registry, :engine, :user, :keyword, :post, :tag, keyword_init: true)

  # A registry with the tables and mappers below; creator_calls counts the creator's calls.
  def build_model(creator: nil, configure: true)
    registry = Assoc::Registry.new
    registry.table("user") do |t|
      t.column :id, :integer, primary_key: true
      t.column :name, :text, nullable: false
      t.column :age, :integer
      t.column :score, :real
      t.column :active, :boolean, default: true
      t.column :born, :datetime
      t.column :avatar, :blob
    end
    registry.table("keyword") do |t|
      t.column :id, :integer, primary_key: true
      t.column :keyword, :text, unique: true
    end
    registry.table("user_keyword") do |t|
      t.column :user_id, foreign_key: "user.id", primary_key: true
      t.column :keyword_id, foreign_key: "keyword.id", primary_key: true
    end
    registry.table("post") do |t|
      t.column :id, :integer, primary_key: true
      t.column :title, :text
      t.column :owner_id, :integer, foreign_key: "user.id"
    end
    registry.table("tag") do |t|
      t.column :id, :integer, primary_key: true
      t.column :label, :text
      t.column :post_id, :integer, foreign_key: "post.id"
    end
    @creator_calls = 0
    keyword = registry.mapper("Keyword", "keyword")
    creator ||= lambda do |owner, word|
      @creator_calls += 1
      keyword.new(owner.session, keyword: word)
    end
    user = registry.mapper("User", "user") do
      relationship :kw, "Keyword", secondary: "user_keyword"
      # keyword is UNIQUE: the proxy reuses the Keyword of a word before asking the creator
      association_proxy :keywords, :kw, :keyword, creator: creator, unique: true
      relationship :posts, "Post", back_populates: :owner, order_by: :id
      association_proxy :post_titles, :posts, :title
    end
    tag = registry.mapper("Tag", "tag")
    post = registry.mapper("Post", "post") do
      relationship :owner, "User", back_populates: :posts
      relationship :tags, "Tag", collection: :set, cascade: "all, delete-orphan"
      association_proxy :labels, :tags, :label
      relationship :tags_by_label, "Tag", dict_key: :label, cascade: "all, delete-orphan"
    end
    registry.configure if configure
    Model.new(registry: registry, user: user, keyword: keyword, post: post, tag: tag)
  end

  # The model with an in-memory database and a session on it.
  def open_model(**options)
    model = build_model(**options)
    model.engine = Assoc::Engine.new("sqlite://")
    model.engine.create_all(model.registry)
    [model, Assoc::Session.new(model.engine, model.registry)]
  end

  # An in-memory database with registry's tables, and a session on it for the block (closed after).
  def with_session(registry)
    engine = Assoc::Engine.new
    engine.create_all(registry)
    Assoc::Session.open(engine, registry) { |session| yield session, engine }
  end

  # A table name(id integer primary key[, <parent>_id integer -> parent.id], column: type, ...).
  def id_table(registry, name, parent = nil, **columns)
    registry.table(name) do |t|
      t.column :id, :integer, primary_key: true
      t.column :"#{parent}_id", :integer, foreign_key: "#{parent}.id" if parent
      columns.each { |column, type| t.column column, type }
    end
  end

  def count_rows(engine, table)
    engine.scalar(%(SELECT count(*) FROM "#{table}"))
  end

  # Assert block raises klass with a message matching message, and that the error carries klass's code.
  def assert_assoc_error(klass, message = nil, &block)
    error = assert_raises(klass, &block)
    assert_equal klass::CODE, error.code, "#{klass} carries its code"
    assert_match message, error.message if message
    error
  end
end
