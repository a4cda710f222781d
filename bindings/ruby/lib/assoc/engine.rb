# frozen_string_literal: true

module Assoc
  # A database URL: "sqlite://" (in memory), "sqlite:///relative.db" or
  # "sqlite:////absolute/path.db". Sessions keep their engine open until they
  # close, whatever happens to this object.
  class Engine
    # How many connections the engine's pool holds (Engine#pool_status):
    # idle ones waiting for the next session, those open sessions hold, and
    # how many sessions have opened so far (reuses from the pool not counted).
    PoolStatus = Struct.new(:idle, :in_use, :opened, keyword_init: true)

    JOURNAL_MODES = %w[WAL DELETE TRUNCATE PERSIST MEMORY OFF].freeze
    private_constant :JOURNAL_MODES

    # Open an engine: "sqlite://" (in memory, the default), "sqlite:///relative.db"
    # or "sqlite:////absolute.db". Every option left out (or nil) keeps its default.
    # @param url [String]
    # @param journal_mode [String, Symbol] file databases: "WAL" (the default),
    #   "DELETE", "TRUNCATE", "PERSIST", "MEMORY" or "OFF" (any case); in-memory ones ignore it
    # @param busy_timeout [Numeric] seconds a connection waits for another's lock
    #   before failing with "database is locked" (default 5; 0: not at all)
    # @param pool_size [Integer] idle connections kept for the next sessions
    #   (default 5, at most 1024; 0: each session's connection closes with it)
    # @param connect_timeout [Integer] PostgreSQL: seconds a connection attempt
    #   may take (default 10; 0: no limit); a URL's own connect_timeout wins
    # @return [Assoc::Engine]
    # @raise [ArgumentError] for an unknown keyword
    # @raise [Assoc::InvalidArgumentError] for a URL of another kind, an unknown
    #   journal mode, a negative number or a pool_size above 1024
    # @raise [Assoc::TypeMismatchError] for an option of the wrong type
    # @raise [Assoc::DatabaseError] when the database cannot be opened
    def self.new(url = "sqlite://", journal_mode: nil, busy_timeout: nil, pool_size: nil, connect_timeout: nil)
      Core.open_engine(url, { journal_mode: journal_mode_of(journal_mode),
                              busy_timeout_ms: busy_timeout && (number_of(busy_timeout, :busy_timeout) * 1000).round,
                              pool_size: pool_size && integer_of(pool_size, :pool_size),
                              connect_timeout_s: connect_timeout && number_of(connect_timeout, :connect_timeout).ceil })
    end

    # With a block: the engine, disposed of when the block returns (options as Engine.new).
    def self.open(url = "sqlite://", **options)
      engine = new(url, **options)
      return engine unless block_given?

      begin
        yield engine
      ensure
        engine.dispose
      end
    end

    def self.journal_mode_of(mode)
      return nil if mode.nil?
      raise TypeMismatchError, "Engine.new: journal_mode must be a String or Symbol, got #{mode.class}" \
        unless mode.is_a?(String) || mode.is_a?(Symbol)

      word = mode.to_s.upcase
      return word if JOURNAL_MODES.include?(word)

      raise InvalidArgumentError, "Engine.new: unknown journal_mode #{mode.inspect}; expected one of #{JOURNAL_MODES.join(', ')}"
    end

    def self.number_of(value, name)
      raise TypeMismatchError, "Engine.new: #{name} must be a number of seconds, got #{value.class}" unless value.is_a?(Numeric)
      raise InvalidArgumentError, "Engine.new: #{name} must not be negative, got #{value}" if value.negative?

      value
    end

    def self.integer_of(value, name)
      raise TypeMismatchError, "Engine.new: #{name} must be an Integer, got #{value.class}" unless value.is_a?(Integer)

      value
    end
    private_class_method :journal_mode_of, :number_of, :integer_of

    # The URL the engine was opened with.
    # @return [String]
    def url
      Core.engine_url(self)
    end

    # The connection pool now: PoolStatus idle:, in_use:, opened: (an
    # in-memory engine shares one connection and has no pool: all zero).
    # @return [Assoc::Engine::PoolStatus]
    def pool_status
      idle, in_use, opened = Core.pool_status(self)
      PoolStatus.new(idle: idle, in_use: in_use, opened: opened)
    end

    # CREATE TABLE for each of the registry's tables not yet there (configuring it first).
    def create_all(registry)
      raise TypeMismatchError, "expected an Assoc::Registry, got #{registry.class}" unless registry.is_a?(Registry)

      registry.configure
      Core.engine_create_all(self, registry)
      self
    end

    # DROP TABLE for every table of the registry that is present, children first.
    # @param registry [Assoc::Registry] a configured registry
    # @return [self]
    def drop_all(registry)
      Core.engine_drop_all(self, registry)
      self
    end

    # Run SQL text with no parameters on the engine's own connection.
    def execute(sql)
      Core.engine_exec(self, sql)
      self
    end

    # The one value of a one-row, one-column query: engine.scalar("SELECT count(*) FROM t WHERE x = ?", 3).
    def scalar(sql, *params)
      Core.engine_scalar(self, sql, params)
    end

    # Call the block after each statement the library runs on this engine,
    # with its SQL text, its bound parameters and its time in seconds (echo,
    # counting, profiling). Without a block: stop. A block that raises has
    # its exception raised once the library call that ran the statement returns.
    def on_statement(&block)
      Core.on_statement(self, block)
      self
    end

    # Release this engine now (open sessions keep theirs until they close);
    # later calls on it raise Assoc::ClosedError.
    def dispose
      Core.dispose_engine(self)
      nil
    end

    # A description for debugging: the URL.
    def inspect
      "#<Assoc::Engine #{url}>"
    rescue ClosedError
      "#<Assoc::Engine (disposed)>"
    end
  end
end
