# frozen_string_literal: true

# Engine.new's options (journal_mode, busy_timeout, pool_size,
# connect_timeout), the errors of bad ones, and Engine#pool_status.
require "helper"
require "tmpdir"

class TestEngineOptions < Minitest::Test
  def with_file_engine(**options)
    Dir.mktmpdir do |dir|
      engine = Assoc::Engine.new("sqlite:///#{dir}/t.db", **options)
      begin
        yield engine
      ensure
        engine.dispose
      end
    end
  end

  def registry
    registry = Assoc::Registry.new
    id_table(registry, "thing", name: :text)
    registry.mapper("Thing", "thing")
    registry
  end

  def test_journal_mode_and_busy_timeout_take_effect
    with_file_engine { |e| assert_equal "wal", e.scalar("PRAGMA journal_mode") }
    with_file_engine(journal_mode: "DELETE") { |e| assert_equal "delete", e.scalar("PRAGMA journal_mode") }
    with_file_engine(journal_mode: :truncate) { |e| assert_equal "truncate", e.scalar("PRAGMA journal_mode") }
    with_file_engine(busy_timeout: 0.25) { |e| assert_equal 250, e.scalar("PRAGMA busy_timeout") }
    with_file_engine { |e| assert_equal 5000, e.scalar("PRAGMA busy_timeout") }
  end

  def test_open_takes_the_options_too
    Dir.mktmpdir do |dir|
      mode = Assoc::Engine.open("sqlite:///#{dir}/t.db", journal_mode: "persist") { |e| e.scalar("PRAGMA journal_mode") }
      assert_equal "persist", mode
    end
  end

  def test_pool_status_counts_sessions_and_pool_size_bounds_idle
    reg = registry
    with_file_engine(pool_size: 1) do |engine|
      engine.create_all(reg)
      assert_equal Assoc::Engine::PoolStatus.new(idle: 0, in_use: 0, opened: 0), engine.pool_status
      a = Assoc::Session.new(engine, reg)
      b = Assoc::Session.new(engine, reg)
      status = engine.pool_status
      assert_equal [0, 2, 2], [status.idle, status.in_use, status.opened]
      a.close
      b.close
      assert_equal({ idle: 1, in_use: 0, opened: 2 }, engine.pool_status.to_h, "pool_size: 1 keeps one idle")
      Assoc::Session.open(engine, reg) { assert_equal 1, engine.pool_status.in_use }
      assert_equal 2, engine.pool_status.opened, "the idle connection was reused"
    end
    with_file_engine(pool_size: 0) do |engine|
      engine.create_all(reg)
      2.times { Assoc::Session.new(engine, reg).close }
      assert_equal({ idle: 0, in_use: 0, opened: 2 }, engine.pool_status.to_h)
    end
  end

  def test_connect_timeout_is_accepted
    with_file_engine(connect_timeout: 3) { |e| assert_equal 0, e.pool_status.in_use }
  end

  def test_bad_options_raise
    e = assert_raises(ArgumentError) { Assoc::Engine.new("sqlite://", pool: 2) }
    assert_match(/unknown keyword: :pool/, e.message)
    e = assert_raises(Assoc::InvalidArgumentError) { Assoc::Engine.new("sqlite://", journal_mode: "JOURNALED") }
    assert_match(/Engine.new: unknown journal_mode "JOURNALED"/, e.message)
    assert_kind_of ArgumentError, e
    e = assert_raises(Assoc::InvalidArgumentError) { Assoc::Engine.new("sqlite://", pool_size: -1) }
    assert_match(/\AEngine.new: pool_size is -1/, e.message)
    assert_raises(Assoc::InvalidArgumentError) { Assoc::Engine.new("sqlite://", pool_size: 1025) }
    e = assert_raises(Assoc::InvalidArgumentError) { Assoc::Engine.new("sqlite://", busy_timeout: -0.5) }
    assert_match(/busy_timeout must not be negative/, e.message)
    assert_raises(Assoc::InvalidArgumentError) { Assoc::Engine.new("sqlite://", connect_timeout: -1) }
    assert_raises(Assoc::TypeMismatchError) { Assoc::Engine.new("sqlite://", busy_timeout: "5") }
    assert_raises(Assoc::TypeMismatchError) { Assoc::Engine.new("sqlite://", pool_size: 1.5) }
    assert_raises(Assoc::TypeMismatchError) { Assoc::Engine.new("sqlite://", journal_mode: 1) }
  end

  def test_memory_engine_has_no_pool
    with_session(registry) do |_session, engine|
      assert_equal({ idle: 0, in_use: 0, opened: 0 }, engine.pool_status.to_h)
    end
  end

  def test_pool_status_of_a_disposed_engine_raises
    engine = Assoc::Engine.new
    engine.dispose
    assert_raises(Assoc::ClosedError) { engine.pool_status }
  end
end
