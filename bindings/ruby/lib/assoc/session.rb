# frozen_string_literal: true

module Assoc
  # The identity map, unit of work and transaction of one connection; one
  # thread at a time. Objects belong to the session they were made or loaded
  # in; closing it leaves the objects still held by Ruby detached (their
  # columns stay readable).
  #
  #   Assoc::Session.open(engine, registry) do |session|
  #     session.add(User.new(session, name: "jek"))
  #     session.commit
  #   end
  class Session
    # Options: autoflush (flush before queries and lazy loads, default true),
    # expire_on_commit (default true). Configures the registry if needed.
    def self.new(engine, registry, autoflush: true, expire_on_commit: true)
      raise TypeMismatchError, "expected an Assoc::Registry, got #{registry.class}" unless registry.is_a?(Registry)

      registry.configure
      session = Core.open_session(engine, registry, { autoflush: autoflush, expire_on_commit: expire_on_commit })
      session.instance_variable_set(:@engine, engine)
      session.instance_variable_set(:@registry, registry)
      session
    end

    # With a block: the session, closed when the block returns (rolling back
    # what was not committed).
    def self.open(engine, registry, **options)
      session = new(engine, registry, **options)
      return session unless block_given?

      begin
        yield session
      ensure
        session.close
      end
    end

    attr_reader :engine, :registry

    # Make transient objects pending (and what they reach by save-update cascades).
    # An object made without a session (Keyword.new(keyword: "x")) joins this one.
    def add(*objects)
      objects.flatten.each do |object|
        Core.session_add(self, object)
      rescue NotInSessionError
        raise unless object.unbound?

        object.__send__(:assoc_join_session, self)
        retry
      end
      self
    end
    alias << add
    alias add_all add

    # Mark a persistent object deleted (a pending one is expunged), cascading along delete relationships.
    def delete(object)
      Core.session_delete(self, object)
      self
    end

    # Write every pending change to the database, inside the session's transaction
    # (atomic: a failed flush leaves the database and every object as they were).
    # @return [self]
    # @raise [Assoc::ConstraintError] for a violated constraint
    # @raise [Assoc::DatabaseError] when the database fails
    def flush
      Core.session_flush(self)
      self
    end

    # Flush, then commit the transaction (all nested levels).
    def commit
      Core.session_commit(self)
      self
    end

    # Roll back the whole transaction: pending objects become transient, the rest are expired.
    def rollback
      Core.session_rollback(self)
      self
    end

    # Run the block in a transaction and commit it (assoc_session_run); when
    # the block or the commit fails with Assoc::RetryError (a conflict with
    # another transaction), roll back and run the block again, up to
    # max_attempts runs, waiting backoff_ms (doubled each time, at most
    # max_backoff_ms) between them. Any other exception rolls back and is
    # raised again, the very same object. The session must have no unflushed
    # change and no SAVEPOINT open.
    # @yieldparam session [Session] self
    # @yieldparam attempt [Integer] 1 for the first run, 2 for the first retry, ...
    # @return the block's value of the run that committed
    # @raise [Assoc::RetryError] when every attempt conflicted
    def transaction(max_attempts: 10, backoff_ms: 5, max_backoff_ms: 1000, &block)
      raise InvalidArgumentError, "Session#transaction needs a block" unless block

      Core.session_run(self, max_attempts, backoff_ms, max_backoff_ms, &block)
    end

    # Flush and open a SAVEPOINT; with a block, release it when the block
    # returns and roll back to it (re-raising) when the block raises.
    def begin_nested
      Core.session_begin_nested(self)
      return self unless block_given?

      begin
        result = yield self
      rescue Exception # rubocop:disable Lint/RescueException
        rollback_nested unless closed?
        raise
      end
      commit_nested
      result
    end
    alias savepoint begin_nested

    # Flush, then release the innermost savepoint (#begin_nested).
    # @return [self]
    # @raise [Assoc::StateError] when no savepoint is open
    def commit_nested
      Core.session_commit_nested(self)
      self
    end

    # Roll back to the innermost savepoint: objects added since become transient, the rest expire.
    # @return [self]
    # @raise [Assoc::StateError] when no savepoint is open
    def rollback_nested
      Core.session_rollback_nested(self)
      self
    end

    # The number of open SAVEPOINTs.
    def nesting
      Core.session_nesting(self)
    end

    # The object of klass with this primary key (several values for a
    # composite key), from the identity map or the database; nil when none.
    def get(klass, *primary_key)
      Core.session_get(self, mapper_of(klass), primary_key.flatten)
    end

    # Forget an object's loaded values (every object's, without one): the next access reloads.
    def expire(object = nil)
      object ? Core.session_expire(self, object) : Core.session_expire_all(self)
      self
    end

    # Reload an object's columns now, discarding its unflushed changes.
    def refresh(object)
      Core.session_refresh(self, object)
      self
    end

    # Detach an object (and what cascades from it) from the session.
    def expunge(object)
      Core.session_expunge(self, object)
      self
    end

    # Whether object is pending, persistent or deleted in this session.
    def include?(object)
      Core.session_contains(self, object) == 1
    rescue NotInSessionError
      false
    end

    # A query for objects of klass: session.query(User).filter_by(name: "jek").first
    def query(klass)
      mapper = mapper_of(klass)
      query = Core.query_new(self, mapper)
      query.instance_variable_set(:@mapper, mapper)
      query
    end

    # Roll back what was not committed and let go of every object; later calls raise Assoc::ClosedError.
    def close
      Core.session_close(self)
      nil
    end

    # Whether #close has closed the session.
    def closed?
      Core.session_is_closed(self) == 1
    end

    # Objects in the identity map, pending, dirty and deleted.
    def identity_count = Core.session_identity_count(self)
    # The number of pending objects (added, not yet flushed).
    def new_count = Core.session_new_count(self)
    # The number of persistent objects with unflushed changes.
    def dirty_count = Core.session_dirty_count(self)
    # The number of objects marked deleted, not yet flushed.
    def deleted_count = Core.session_deleted_count(self)

    # A description for debugging: the counts.
    def inspect
      return "#<Assoc::Session (closed)>" if closed?

      "#<Assoc::Session #{identity_count} in identity map, #{new_count} new, #{dirty_count} dirty, " \
        "#{deleted_count} deleted>"
    end

    private

    def mapper_of(klass)
      return klass if klass.is_a?(Mapper)
      return klass.mapper if klass.is_a?(Class) && klass <= Assoc::Object && klass.mapper

      raise TypeMismatchError, "expected a mapped class, got #{klass.inspect}"
    end
  end
end
