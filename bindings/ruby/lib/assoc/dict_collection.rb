# frozen_string_literal: true

module Assoc
  # A dict relationship (keyed by an attribute of its members, SQLAlchemy's
  # attribute_keyed_dict) or a dict proxy view, with Hash's methods.
  # #keys, #values and #to_a ([key, value] pairs) are defined in C.
  class DictCollection < Collection
    # Collection#each yields [key, value] pairs here, as Hash#each does: a dict's to_a is its pairs.
    alias each_pair each

    # Each key, in insertion order; an Enumerator without a block.
    def each_key(&block)
      return enum_for(:each_key) { size } unless block

      keys.each(&block)
      self
    end

    # Each value, in insertion order; an Enumerator without a block.
    def each_value(&block)
      return enum_for(:each_value) { size } unless block

      values.each(&block)
      self
    end

    # The value under key, or nil.
    def [](key)
      Core.collection_lookup(self, key)
    rescue NotFoundError
      nil
    end

    # As Hash#fetch: an absent key without a default raises Assoc::NotFoundError,
    # a KeyError whose #key and #receiver are key and the dict.
    def fetch(key, *default)
      Core.collection_lookup(self, key)
    rescue NotFoundError => e
      return yield(key) if block_given?
      return default.first unless default.empty?

      raise NotFoundError.new(e.message, receiver: self, key: key)
    end

    # Put value under key (for a relationship: the member, whose key attribute is set).
    def []=(key, value)
      Core.collection_put(self, key, value)
    rescue NotInSessionError
      join_members(value) ? retry : raise
    end
    alias store []=

    # For a relationship: add a member under its own key attribute.
    def <<(member)
      Core.collection_append(self, member)
      self
    rescue NotInSessionError
      join_members(member) ? retry : raise
    end
    alias add <<

    # Whether key is present.
    # @param key [Object]
    def key?(key)
      Core.collection_lookup(self, key)
      true
    rescue NotFoundError
      false
    end
    alias has_key? key?
    alias include? key?
    alias member? key?

    # Whether some key holds value.
    # @param value [Object]
    def value?(value)
      values.include?(value)
    end
    alias has_value? value?

    # The key of the first member equal to value, or nil.
    def key(value)
      to_a.find { |_, v| v == value }&.first
    end

    # Remove and return the value under key; nil (or the block's value) when absent.
    def delete(key)
      Core.collection_pop_key(self, key)
    rescue NotFoundError
      block_given? ? yield(key) : nil
    end

    # Put each pair of each Hash, all at once (nothing changes if one fails).
    def update(*hashes)
      hashes.each do |hash|
        hash = hash.to_h
        Core.collection_update(self, hash.keys, hash.values)
      rescue NotInSessionError
        join_members(hash) ? retry : raise
      end
      self
    end
    alias merge! update

    # The value under key; when absent, put default there first (Python's setdefault).
    def fetch_or_store(key, default = nil)
      Core.collection_setdefault(self, key, default)
    rescue NotInSessionError
      join_members(default) ? retry : raise
    end
    alias setdefault fetch_or_store

    # The values under keys, as Hash#values_at.
    # @return [Array]
    def values_at(*keys)
      keys.map { |key| self[key] }
    end

    # Replace every entry at once. As Hash#replace, only a Hash (or what
    # answers #to_hash) will do: [] or nil is refused, not taken as no entries.
    def replace(hash)
      raise TypeMismatchError, "expected a Hash of entries, got #{hash.class}" unless hash.respond_to?(:to_hash)

      hash = hash.to_hash
      Core.collection_assign(self, hash.keys, hash.values)
      self
    rescue NotInSessionError
      join_members(hash) ? retry : raise
    end

    # The pairs as a plain Hash, in insertion order.
    # @return [Hash]
    def to_h
      to_a.to_h
    end

    # Lets Hash#== (and **splats) take a dict as a Hash.
    def to_hash
      to_h
    end

    # The same pairs as other: a Hash, another dict, or anything with
    # to_hash, as Hash#== takes; Hash#== takes a dict in turn (through
    # #to_hash), so the comparison is symmetric.
    def ==(other)
      return true if equal?(other)

      other.respond_to?(:to_hash) && to_h == other.to_hash
    end

    # The pairs as a Hash prints them.
    def inspect
      to_h.inspect
    end
  end
end
