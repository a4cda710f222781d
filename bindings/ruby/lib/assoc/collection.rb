# frozen_string_literal: true

module Assoc
  # A collection attribute of an object: a relationship's members, or a
  # proxy's view of them (user.keywords shows each Keyword's keyword).
  # Changes show at once on both, and on back_populates sides; they are
  # flushed with the session. An operation that fails changes nothing.
  #
  # Subclasses: ListCollection (Array-like), SetCollection (Set-like),
  # DictCollection (Hash-like). #owner, #to_a (and the dict's #keys,
  # #values) are defined in C (rb_objects.c).
  class Collection
    include Enumerable

    # The number of members (loads the collection).
    # @return [Integer]
    # @raise [Assoc::DetachedError] when the owner is detached and the collection not loaded
    def size
      Core.collection_len(self)
    end
    alias length size

    # Whether the collection has no members.
    def empty?
      size.zero?
    end

    # Yields each member in order (a snapshot: changing the collection inside the block is safe).
    def each(&block)
      return enum_for(:each) { size } unless block

      to_a.each(&block)
      self
    end

    # Whether value is a member (a dict: whether it is a key).
    # @param value [Object] an object for a relationship, a value for a proxy
    def include?(value)
      Core.collection_contains(self, value)
    rescue NotInSessionError
      false # an object in no session is no member
    end
    alias member? include?

    # Remove every member.
    # @return [self]
    def clear
      Core.collection_clear(self)
      self
    end

    # Replace every member at once (SQLAlchemy's whole-collection assignment).
    def replace(values)
      Core.collection_assign(self, nil, values.to_a)
      self
    rescue NotInSessionError
      join_members(values) ? retry : raise
    end

    # Whether this is a proxy's view rather than a relationship.
    def proxy?
      Core.collection_is_proxy(self) == 1
    end

    # :list, :set or :dict
    def kind
      Options::COLLECTION_KINDS.fetch(Core.collection_kind_of(self))
    end

    # The one proxy_class object around this collection (proxy_class.new(self),
    # made on first use): the attribute reads as the same object each time.
    def wrapped_by(proxy_class)
      @wrapped_by ||= proxy_class.new(self)
    end

    # The same as inspect.
    def to_s
      inspect
    end

    private

    # Join each object made without a session among values (and among the
    # members of Arrays, Sets and the values of Hashes there) to the owner's
    # session, as a member added to the collection of an object in a session
    # does; whether there was one.
    def join_members(*values)
      session = owner.session
      unbound = values.flat_map do |v|
        case v
        when Assoc::Object then [v]
        when Hash then v.values
        when Enumerable then v.to_a
        else []
        end
      end
      unbound.select! { |v| v.is_a?(Assoc::Object) && v.unbound? }
      return false if unbound.empty? || !session

      unbound.each { |v| v.__send__(:assoc_join_session, session) }
      true
    end
  end
end
