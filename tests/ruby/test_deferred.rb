# frozen_string_literal: true

# Deferred columns: column(..., deferred: true, group:) in the mapping,
# loaded by the first read; Query#defer, #undefer and #undefer_group.
require "helper"

class TestDeferred < Minitest::Test
  def setup
    @registry = Assoc::Registry.new
    id_table(@registry, "doc", title: :text, body: :text, summary: :text, notes: :text)
    @doc = @registry.mapper("Doc", "doc") do
      column :body, deferred: true, group: :text
      column :summary, deferred: true, group: "text"
      column :notes, deferred: true
    end
    @engine = Assoc::Engine.new
    @engine.create_all(@registry)
    Assoc::Session.open(@engine, @registry) do |s|
      s.add(@doc.new(s, title: "t", body: "long body", summary: "short", notes: "n"))
      s.commit
    end
    @session = Assoc::Session.new(@engine, @registry)
    @selects = []
    @engine.on_statement { |sql, _params, _seconds| @selects << sql if sql.start_with?("SELECT") }
  end

  def teardown
    @engine.on_statement
    @session.close
  end

  def test_a_deferred_column_is_loaded_by_its_first_read_with_its_group
    doc = @session.query(@doc).one
    assert_equal 1, @selects.size
    refute_match(/body|summary|notes/, @selects.first)
    assert_match(/title/, @selects.first)
    assert_equal "long body", doc.body
    assert_equal 2, @selects.size, "the read ran one SELECT"
    assert_match(/body/, @selects.last)
    assert_match(/summary/, @selects.last, "the group loads together")
    assert_equal "short", doc.summary
    assert_equal 2, @selects.size, "summary came with body"
    assert_equal "n", doc.notes
    assert_equal 3, @selects.size, "notes loads alone"
  end

  def test_undefer_loads_it_with_the_rows
    doc = @session.query(@doc).undefer(:notes).one
    assert_match(/notes/, @selects.first)
    assert_equal "n", doc.notes
    assert_equal 1, @selects.size
  end

  def test_undefer_group_loads_the_group_and_defer_leaves_a_column_out
    query = @session.query(@doc).undefer_group("text").defer(@doc[:title])
    assert_same Assoc::Query, query.class
    doc = query.one
    assert_match(/body.*summary|summary.*body/, @selects.first)
    refute_match(/title/, @selects.first)
    assert_equal %w[long\ body short], [doc.body, doc.summary]
    assert_equal 1, @selects.size
    assert_equal "t", doc.title
    assert_equal 2, @selects.size, "title was deferred by the query"
  end

  def test_bad_names_raise
    assert_raises(Assoc::InvalidArgumentError) { @session.query(@doc).defer(:nope) }
    assert_raises(Assoc::InvalidArgumentError) { @session.query(@doc).undefer(:nope) }
    e = assert_raises(Assoc::InvalidArgumentError) { @session.query(@doc).undefer_group("nope") }
    assert_match(/\AQuery#undefer_group: /, e.message)
    assert_raises(Assoc::InvalidArgumentError) { @session.query(@doc).defer(:id) }
  end

  def test_bad_column_options_raise
    registry = Assoc::Registry.new
    id_table(registry, "doc", body: :text)
    doc = registry.mapper("Doc", "doc")
    e = assert_raises(Assoc::InvalidArgumentError) { doc.column :body, group: "g" }
    assert_equal "column: Doc.body has group 'g' but is not deferred", e.message
    assert_raises(Assoc::InvalidArgumentError) { doc.column :id, deferred: true }
    assert_raises(Assoc::NotFoundError) { doc.column :nope, deferred: true }
    assert_raises(Assoc::TypeMismatchError) { doc.column :body, deferred: "yes" }
    e = assert_raises(ArgumentError) { doc.column :body, lazy: true }
    assert_match(/unknown keyword: :lazy/, e.message)
  end
end
