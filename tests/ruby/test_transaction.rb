# frozen_string_literal: true

# Session#transaction on assoc_session_run: commits, rolls back and raises the
# block's own exception object, and runs the block again after a real
# conflict with another session on one file database (BUSY_SNAPSHOT under WAL).
require "helper"
require "tmpdir"

class TestTransaction < Minitest::Test
  def setup
    @path = File.join(Dir.tmpdir, "assoc_ruby_tx_#{Process.pid}.db")
    File.delete(@path) if File.exist?(@path)
    @registry = Assoc::Registry.new
    id_table(@registry, :counters, nil, name: :text, n: :integer)
    @counter = @registry.mapper(:Counter, :counters)
    @engine = Assoc::Engine.new("sqlite:///#{@path}")
    @engine.create_all(@registry)
    @engine.execute("INSERT INTO counters (id, name, n) VALUES (1, 'c', 0)")
    @session = Assoc::Session.new(@engine, @registry)
  end

  def teardown
    @session&.close
    @other&.close
    ["", "-wal", "-shm"].each { |s| File.delete(@path + s) if File.exist?(@path + s) }
  end

  def n = @engine.scalar("SELECT n FROM counters WHERE id = 1")
  def rows = @engine.scalar("SELECT count(*) FROM counters")

  def test_commits_once_and_returns_the_blocks_value
    attempts = []
    result = @session.transaction do |s, attempt|
      attempts << attempt
      c = s.get(@counter, 1)
      c.n += 1
      s.add(@counter.new(s, name: "run"))
      :done
    end
    assert_equal :done, result
    assert_equal [1], attempts
    assert_equal 1, n
    assert_equal 2, rows
  end

  def test_an_exception_rolls_back_and_is_raised_unchanged
    mine = ArgumentError.new("refused")
    runs = 0
    raised = assert_raises(ArgumentError) do
      @session.transaction do |s|
        runs += 1
        s.get(@counter, 1).n = 41
        s.add(@counter.new(s, name: "run"))
        raise mine
      end
    end
    assert_same mine, raised
    assert_equal 1, runs
    assert_equal 0, n
    assert_equal 1, rows
    @session.transaction { |s| s.get(@counter, 1).n = 5 }
    assert_equal 5, n
  end

  def test_a_conflict_runs_the_block_again_and_loses_no_update
    @other = Assoc::Session.new(@engine, @registry)
    attempts = []
    @session.transaction(backoff_ms: 1) do |s, attempt|
      attempts << attempt
      c = s.get(@counter, 1)
      seen = c.n
      if attempt == 1
        oc = @other.get(@counter, 1)
        oc.n += 1
        @other.commit # under our snapshot: our commit conflicts
      end
      c.n = seen + 1
      s.add(@counter.new(s, name: "run"))
    end
    assert_equal [1, 2], attempts
    assert_equal 2, n
    assert_equal 2, rows
  end

  def test_a_retry_error_raised_by_the_block_retries_up_to_max_attempts
    runs = 0
    @session.transaction(backoff_ms: 0) do |_, attempt|
      runs += 1
      raise Assoc::RetryError, "again" if attempt < 3
    end
    assert_equal 3, runs
    runs = 0
    error = assert_raises(Assoc::RetryError) do
      @session.transaction(max_attempts: 2, backoff_ms: 0) do
        runs += 1
        raise Assoc::RetryError, "still"
      end
    end
    assert_match(/gave up after 2 attempt/, error.message)
    assert_equal 2, runs
  end

  def test_refuses_no_block_and_unflushed_changes
    assert_raises(Assoc::InvalidArgumentError) { @session.transaction }
    assert_raises(Assoc::InvalidArgumentError) { @session.transaction(max_attempts: 0) { nil } }
    @session.add(@counter.new(@session, name: "unflushed"))
    assert_raises(Assoc::StateError) { @session.transaction { nil } }
  end
end
