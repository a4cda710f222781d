# frozen_string_literal: true

# Sessions: the life of an object through add, flush, commit, delete,
# rollback and savepoints; get, expire, refresh, expunge; counts; the block
# forms; and that a failed flush leaves database and session as they were.
require "helper"
require "tmpdir"

class TestSession < Minitest::Test
  def setup
    @model, @session = open_model
    @u = @model.user
  end

  def teardown
    @session.close
  end

  def test_an_object_goes_from_transient_to_deleted
    user = @u.new(@session, name: "jek")
    assert_equal :transient, user.state
    assert_predicate user, :transient?
    refute @session.include?(user)
    @session.add(user)
    assert_predicate user, :pending?
    assert_equal 1, @session.new_count
    assert @session.include?(user)
    @session.flush
    assert_predicate user, :persistent?
    assert_equal 1, user.id, "the generated key flowed back"
    assert_equal 1, @session.identity_count
    user.name = "log"
    assert user.modified?(:name)
    assert user.modified?
    refute user.modified?(:age)
    assert_equal 1, @session.dirty_count
    @session.commit
    refute user.modified?
    @session.delete(user)
    assert_equal 1, @session.deleted_count
    @session.flush
    assert_predicate user, :deleted?
    @session.commit
    assert_equal 0, count_rows(@model.engine, "user")
  end

  def test_rollback_makes_pending_objects_transient_and_expires_the_rest
    kept = @u.new(@session, name: "kept")
    @session.add(kept)
    @session.commit
    kept.name = "changed"
    dropped = @u.new(@session, name: "dropped")
    @session.add(dropped)
    @session.flush
    @session.rollback
    assert_predicate dropped, :transient?
    assert_equal "kept", kept.name
    assert_equal 1, count_rows(@model.engine, "user")
  end

  def test_savepoints_nest_and_roll_back_alone
    @session.add(@u.new(@session, name: "outer"))
    @session.begin_nested
    assert_equal 1, @session.nesting
    inner = @u.new(@session, name: "inner")
    @session.add(inner)
    @session.rollback_nested
    assert_equal 0, @session.nesting
    assert_predicate inner, :transient?
    @session.savepoint { |s| s.add(@u.new(s, name: "released")) }
    error = assert_raises(RuntimeError) do
      @session.savepoint do |s|
        s.add(@u.new(s, name: "rolled back"))
        raise "stop"
      end
    end
    assert_equal "stop", error.message
    @session.commit
    assert_equal %w[outer released], @session.query(@u).order_by(:id).map(&:name)
  end

  def test_transaction_block_commits_or_rolls_back
    @session.transaction { |s| s.add(@u.new(s, name: "a")) }
    assert_equal 1, count_rows(@model.engine, "user")
    assert_raises(ArgumentError) do
      @session.transaction do |s|
        s.add(@u.new(s, name: "b"))
        raise ArgumentError
      end
    end
    assert_equal 1, count_rows(@model.engine, "user")
  end

  def test_get_expire_refresh_expunge
    user = @u.new(@session, name: "jek", age: 3)
    @session.add(user)
    @session.commit
    assert_same user, @session.get(@u, 1)
    assert_same user, @session.get(@u.mapper, [1])
    assert_nil @session.get(@u, 99)
    @model.engine.execute("UPDATE user SET age = 4")
    assert_equal 3, user.age, "loaded values until expired"
    @session.expire(user)
    assert_equal 4, user.age
    user.age = 10
    @session.refresh(user)
    assert_equal 4, user.age, "refresh discards the unflushed change"
    @model.engine.execute("UPDATE user SET age = 5")
    @session.expire
    assert_equal 5, user.age
    @session.expunge(user)
    assert_equal :detached, user.state
    assert_equal 0, @session.identity_count
    refute_same user, @session.get(@u, 1)
  end

  def test_a_composite_primary_key
    reg = Assoc::Registry.new
    reg.table("pair") do |t|
      t.column :a, :integer, primary_key: true
      t.column :b, :text, primary_key: true
      t.column :v, :text
    end
    pair = reg.mapper("Pair", "pair")
    with_session(reg) do |s|
      s.add(pair.new(s, a: 1, b: "x", v: "one-x"))
      s.commit
      assert_equal "one-x", s.get(pair, 1, "x").v
      assert_equal "<Pair (1, x)>", s.get(pair, [1, "x"]).to_s
      assert_equal '#<Pair a: 1, b: "x", v: "one-x">', s.get(pair, [1, "x"]).inspect
      assert_nil s.get(pair, 1, "y")
      assert_assoc_error(Assoc::InvalidArgumentError) { s.get(pair, 1) }
    end
  end

  def test_a_failed_flush_changes_nothing
    @session.add(@u.new(@session, name: "ok"))
    @session.commit
    @session.add(@u.new(@session, name: "fine"))
    bad = @u.new(@session) # name is NOT NULL
    @session.add(bad)
    assert_assoc_error(Assoc::ConstraintError, /name/) { @session.commit }
    assert_equal 1, count_rows(@model.engine, "user")
    assert_predicate bad, :pending?
    bad.name = "fixed"
    @session.commit
    assert_equal 3, count_rows(@model.engine, "user")
  end

  def test_open_closes_and_closed_sessions_refuse_work
    held = nil
    Assoc::Session.open(@model.engine, @model.registry) do |s|
      held = s
      s.add(@u.new(s, name: "never committed"))
    end
    assert_predicate held, :closed?
    assert_equal "#<Assoc::Session (closed)>", held.inspect
    assert_assoc_error(Assoc::ClosedError, /closed/) { held.add(@u.new(@session, name: "x")) }
    assert_assoc_error(Assoc::ClosedError) { @u.new(held, name: "x") }
    assert_assoc_error(Assoc::ClosedError) { held.query(@u).all }
    assert_equal 0, count_rows(@model.engine, "user")
    held.close # twice is fine
  end

  def test_objects_of_another_session_are_refused
    other = Assoc::Session.new(@model.engine, @model.registry)
    stranger = @u.new(other, name: "stranger")
    assert_assoc_error(Assoc::StateError, /another session/) { @session.add(stranger) }
    post = @model.post.new(@session, title: "t")
    assert_assoc_error(Assoc::StateError) { post.owner = stranger }
    other.close
  end

  def test_a_file_database_outlives_its_engine
    path = File.join(Dir.tmpdir, "assoc_ruby_test_#{Process.pid}.db")
    File.delete(path) if File.exist?(path)
    registry = build_model.registry
    Assoc::Engine.open("sqlite:///#{path}") do |engine|
      assert_equal "sqlite:///#{path}", engine.url
      engine.create_all(registry)
      Assoc::Session.open(engine, registry) do |s|
        user = registry[:User].new(s, name: "on disk")
        user.keywords << "kept"
        s.add(user)
        s.commit
      end
    end
    Assoc::Engine.open("sqlite:///#{path}") do |engine|
      Assoc::Session.open(engine, registry) do |s|
        assert_equal ["kept"], s.query(registry[:User]).one.keywords.to_a
      end
      assert_equal 1, engine.scalar("SELECT count(*) FROM keyword")
    end
  ensure
    File.delete(path) if path && File.exist?(path)
  end

  def test_expire_on_commit_off_keeps_loaded_values
    Assoc::Session.open(@model.engine, @model.registry, expire_on_commit: false) do |s|
      user = @u.new(s, name: "jek")
      s.add(user)
      s.commit
      @model.engine.execute("UPDATE user SET name = 'changed'")
      assert_equal "jek", user.name
    end
  end

  def test_the_statement_log_sees_sql_params_and_time
    seen = []
    @model.engine.on_statement { |sql, params, seconds| seen << [sql, params, seconds] }
    @session.add(@u.new(@session, name: "jek", age: 7))
    @session.commit
    @model.engine.on_statement
    insert = seen.find { |sql, _, _| sql.start_with?("INSERT INTO") && sql.include?("user") }
    refute_nil insert
    assert_includes insert[1], "jek"
    assert_includes insert[1], 7
    assert_kind_of Float, insert[2]
    count = seen.size
    @session.query(@u).all
    assert_equal count, seen.size, "off again"
  end

  def test_a_statement_log_block_that_raises_is_raised_after_the_statement
    @model.engine.on_statement { |_sql, _params, _seconds| raise IOError, "log full" }
    @session.add(@u.new(@session, name: "jek"))
    assert_raises(IOError) { @session.commit }
    @model.engine.on_statement
    assert_equal 1, count_rows(@model.engine, "user"), "the statements themselves ran"
  end
end
