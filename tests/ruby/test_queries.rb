# frozen_string_literal: true

# Queries and expressions: filter_by and where with every comparison,
# and/or/not, any/has/contains through relationships and proxies, joins,
# selectinload, ordering, limit/offset, and each way to run a query.
require "helper"

class TestQueries < Minitest::Test
  def setup
    @model, @session = open_model
    @u = @model.user
    { "ann" => [31, %w[red]], "bob" => [25, %w[red blue]], "cid" => [40, []], "dee" => [nil, %w[green]] }
      .each do |name, (age, words)|
        user = @u.new(@session, name: name, age: age)
        user.keywords.concat(words)
        user.posts << @model.post.new(@session, title: "#{name}'s post") if age && age > 30
        @session.add(user)
      end
    @session.commit
  end

  def teardown
    @session.close
  end

  def names(query) = query.all.map(&:name)
  def users = @session.query(@u).order_by(:name)

  def test_filter_by_and_comparisons
    assert_equal %w[bob], names(users.filter_by(name: "bob"))
    assert_equal %w[bob], names(users.filter_by(age: 25, name: "bob"))
    assert_equal %w[ann cid], names(users.where(@u[:age].gt(30)))
    assert_equal %w[ann bob], names(users.where(@u[:age].lt(35)))
    assert_equal %w[ann cid], names(users.where(@u[:age].ge(31)))
    assert_equal %w[bob], names(users.where(@u[:age].le(25)))
    assert_equal %w[ann cid], names(users.where(@u[:age].ne(25)))
    assert_equal %w[dee], names(users.where(@u[:age].null))
    assert_equal %w[dee], names(users.where(@u[:age].eq(nil)))
    assert_equal %w[ann bob cid], names(users.where(@u[:age].not_null))
    assert_equal %w[bob cid], names(users.where(@u[:name].like("%b%") | @u[:name].like("c%")))
    assert_equal %w[ann dee], names(users.where(@u[:name].not_like("%b%"), @u[:name].not_like("c%")))
    assert_equal %w[ann cid], names(users.where(@u[:name].in(%w[cid ann zed])))
    assert_equal [], names(users.where(@u[:name].in([])))
  end

  def test_and_or_not_combine_and_an_expression_serves_many_queries
    old = @u[:age].gt(30)
    named_b = @u[:name].eq("bob")
    either = old | named_b
    assert_equal %w[ann bob cid], names(users.where(either))
    assert_equal %w[ann bob cid], names(users.where(either)), "built again for each query"
    assert_equal %w[ann], names(users.where(old & ~@u[:name].eq("cid")))
    assert_equal %w[bob], names(users.where(old.not)), "NOT (NULL > 30) is not true, as in SQL"
    assert_equal "((User.age > 30 OR User.name == \"bob\") AND NOT User.name == \"cid\")",
                 (either & ~@u[:name].eq("cid")).to_s
  end

  def test_proxies_and_relationships_compare_as_exists
    assert_equal %w[ann bob], names(users.where(@u[:keywords].contains("red")))
    assert_equal %w[bob], names(users.where(@u[:keywords].eq("blue")))
    assert_equal %w[ann bob dee], names(users.where(@u[:kw].any))
    assert_equal %w[dee], names(users.where(@u[:kw].any(@model.keyword[:keyword].like("gr%"))))
    assert_equal %w[cid], names(users.where(~@u[:kw].any))
    assert_equal %w[ann cid], names(users.where(@u[:posts].any))
    posts = @session.query(@model.post).where(@model.post[:owner].has(@u[:name].eq("cid"))).all
    assert_equal ["cid's post"], posts.map(&:title)
    assert_match(/EXISTS \(SELECT 1 FROM user_keyword, keyword WHERE/, users.where(@u[:keywords].contains("red")).sql)
  end

  def test_scalar_relationship_filter_by_an_object
    ann = @session.query(@u).filter_by(name: "ann").one
    assert_equal ["ann's post"], @session.query(@model.post).filter_by(owner: ann).all.map(&:title)
  end

  def test_joins_and_selectinload
    joined = @session.query(@u).join(@u[:kw]).where(@model.keyword[:keyword].eq("blue"))
    assert_equal %w[bob], names(joined)
    assert_match(/JOIN user_keyword AS user_keyword_1 ON .* JOIN keyword ON/, joined.sql)
    assert_equal %w[bob], names(@session.query(@u).join(:kw).where(@model.keyword[:keyword].eq("blue")))
    assert_equal %w[ann bob], names(@session.query(@u).join(@u[:keywords])
                                       .where(@model.keyword[:keyword].eq("red")).order_by(:name))
    loaded = @session.query(@u).selectinload(:kw).order_by(:name).all
    assert_equal [["red"], %w[red blue], [], ["green"]], loaded.map { |u| u.keywords.to_a }
    assert_assoc_error(Assoc::NotFoundError) { @session.query(@u).join(:nope) }
  end

  def test_order_limit_offset_and_running
    assert_equal %w[dee cid bob ann], names(@session.query(@u).order_by(name: :desc))
    assert_equal %w[dee bob ann cid], names(@session.query(@u).order_by(:age, :name)), "NULL first, as SQLite sorts"
    assert_equal %w[bob cid], names(users.offset(1).limit(2))
    assert_equal 4, @session.query(@u).count
    assert_equal 2, users.limit(2).count
    assert_equal 1, users.count { |user| user.name.start_with?("a") }
    assert @session.query(@u).filter_by(name: "ann").exists?
    refute @session.query(@u).filter_by(name: "zed").exists?
    assert_equal "ann", users.first.name
    assert_nil @session.query(@u).filter_by(name: "zed").first
    assert_equal %w[ann bob cid dee], users.map(&:name), "a query is Enumerable"
    assert_equal users.sql, users.to_s
    assert_match(/\A#<Assoc::Query SELECT/, users.inspect)
    assert_match(/LIMIT :param_1/, users.limit(1).sql)
  end

  def test_one_needs_exactly_one
    assert_equal "ann", @session.query(@u).filter_by(name: "ann").one.name
    assert_assoc_error(Assoc::NoResultError) { @session.query(@u).filter_by(name: "zed").one }
    assert_assoc_error(Assoc::MultipleResultsError) { @session.query(@u).one }
  end

  def test_queries_autoflush_unless_told_not_to
    @session.add(@u.new(@session, name: "eve"))
    assert_equal 1, @session.query(@u).filter_by(name: "eve").count
    @session.rollback # one in-memory database: one transaction at a time
    Assoc::Session.open(@model.engine, @model.registry, autoflush: false) do |s|
      s.add(@u.new(s, name: "fay"))
      assert_equal 0, s.query(@u).filter_by(name: "fay").count
      s.flush
      assert_equal 1, s.query(@u).filter_by(name: "fay").count
    end
  end

  def test_bad_queries_raise_and_name_what_was_wrong
    assert_assoc_error(Assoc::NotFoundError, /nope/) { @session.query(@u).filter_by(nope: 1) }
    assert_assoc_error(Assoc::NotFoundError, /no attribute 'nope'/) { @u[:nope] }
    assert_assoc_error(Assoc::TypeMismatchError) { @session.query(@u).where("name = 'ann'") }
    assert_assoc_error(Assoc::TypeMismatchError) { @session.query(@u).where(@u[:kw].eq("red")).all }
    assert_assoc_error(Assoc::TypeMismatchError) { @session.query(@u).where(@u[:age].like(3)).all }
    assert_assoc_error(Assoc::TypeMismatchError) { @session.query(String) }
    query = @session.query(@u)
    assert_assoc_error(Assoc::InvalidArgumentError) { query.where(@model.keyword[:keyword].eq("red")).all }
    assert_equal 4, @session.query(@u).count, "the failed query changed nothing"
  end
end
