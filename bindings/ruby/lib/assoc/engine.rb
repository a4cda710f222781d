# frozen_string_literal: true

module Assoc
  # A database URL: "sqlite://" (in memory), "sqlite:///relative.db" or
  # "sqlite:////absolute/path.db". Sessions keep their engine open until they
  # close, whatever happens to this object.
  class Engine
    # Open an engine: "sqlite://" (in memory, the default), "sqlite:///relative.db"
    # or "sqlite:////absolute.db". See assoc_engine_open().
    # @param url [String]
    # @return [Assoc::Engine]
    # @raise [Assoc::InvalidArgumentError] for a URL of another kind
    # @raise [Assoc::DatabaseError] when the database cannot be opened
    def self.new(url = "sqlite://")
      Core.engine_open(url)
    end

    # With a block: the engine, disposed of when the block returns.
    def self.open(url = "sqlite://")
      engine = new(url)
      return engine unless block_given?

      begin
        yield engine
      ensure
        engine.dispose
      end
    end

    # The URL the engine was opened with.
    # @return [String]
    def url
      Core.engine_url(self)
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
