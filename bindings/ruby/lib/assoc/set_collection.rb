# frozen_string_literal: true

require "set"

module Assoc
  # A set relationship or proxy view, with Set's methods. Operations that
  # make a new set (|, &, -, ^) return a ::Set of values; the in-place ones
  # (merge, subtract, intersection_update, symmetric_difference_update)
  # change the collection, all at once or not at all.
  class SetCollection < Collection
    # Add value (nothing when present); also #<<.
    # @return [self]
    def add(value)
      Core.collection_append(self, value)
      self
    rescue NotInSessionError
      join_members(value) ? retry : raise
    end
    alias << add

    # add, or nil when value was there already
    def add?(value)
      include?(value) ? nil : add(value)
    end

    # Remove value if present.
    def delete(value)
      Core.collection_discard(self, value)
      self
    end

    # delete, or nil when value was not there
    def delete?(value)
      include?(value) ? delete(value) : nil
    end

    # Remove value; Assoc::NotFoundError if it is not there.
    def remove(value)
      Core.collection_remove(self, value)
      self
    end

    # Add the members of each enumerable.
    # @return [self]
    def merge(*enums)
      enums.each do |enum|
        update_with(Core::ASSOC_SET_UNION, enum)
      rescue NotInSessionError
        join_members(enum.to_a) ? retry : raise
      end
      self
    end

    # Remove the members of enum (in place).
    # @return [self]
    def subtract(enum)
      update_with(Core::ASSOC_SET_DIFFERENCE, enum)
    end

    # Keep only the members also in enum (in place).
    # @return [self]
    def intersection_update(enum)
      update_with(Core::ASSOC_SET_INTERSECTION, enum)
    end

    # Keep the members in exactly one of self and enum (in place).
    # @return [self]
    def symmetric_difference_update(enum)
      update_with(Core::ASSOC_SET_SYMMETRIC_DIFFERENCE, enum)
    end

    # The union with enum, as a new Set; also #union and #+.
    def |(enum) = operation(Core::ASSOC_SET_UNION, enum)
    # The intersection with enum, as a new Set; also #intersection.
    def &(enum) = operation(Core::ASSOC_SET_INTERSECTION, enum)
    # The members not in enum, as a new Set; also #difference.
    def -(enum) = operation(Core::ASSOC_SET_DIFFERENCE, enum)
    # The members in exactly one of self and enum, as a new Set.
    def ^(enum) = operation(Core::ASSOC_SET_SYMMETRIC_DIFFERENCE, enum)
    alias union |
    alias + |
    alias intersection &
    alias difference -

    # Whether every member is in enum; also #<=.
    def subset?(enum) = compare(Core::ASSOC_SET_SUBSET, enum)
    # Whether every member of enum is a member; also #>=.
    def superset?(enum) = compare(Core::ASSOC_SET_SUPERSET, enum)
    # A subset of enum but not equal to it; also #<.
    def proper_subset?(enum) = compare(Core::ASSOC_SET_PROPER_SUBSET, enum)
    # A superset of enum but not equal to it; also #>.
    def proper_superset?(enum) = compare(Core::ASSOC_SET_PROPER_SUPERSET, enum)
    # Whether no member is in enum.
    def disjoint?(enum) = compare(Core::ASSOC_SET_DISJOINT, enum)
    alias <= subset?
    alias >= superset?
    alias < proper_subset?
    alias > proper_superset?

    # Whether some member is in enum.
    def intersect?(enum)
      !disjoint?(enum)
    end

    # The same members as a Set or another set collection. As with Set, an
    # Array is never equal to a set (compare with #to_set, or #subset? and
    # #superset?, which take any Enumerable): Set#== answers the same way
    # (see SetEqualsCollection below), so the comparison is symmetric.
    def ==(other)
      return true if equal?(other)
      return false unless other.is_a?(::Set) || other.is_a?(SetCollection)

      compare(Core::ASSOC_SET_EQUAL, other)
    end

    # As Enumerable#to_set: the block, if given, maps each member.
    def to_set(klass = ::Set, *args, &block)
      klass.new(to_a, *args, &block)
    end

    # As Set#replace: any Enumerable of values; nil or a non-Enumerable is
    # refused rather than taken as no members (nil.to_a is []).
    def replace(enum)
      raise TypeMismatchError, "expected an Enumerable of values, got #{enum.class}" unless enum.is_a?(Enumerable)

      super
    end

    # The members as a Set prints them.
    def inspect
      "#<Set: {#{to_a.map(&:inspect).join(', ')}}>"
    end

    private

    def values_of(enum)
      raise TypeMismatchError, "expected an Enumerable of values, got #{enum.class}" unless enum.respond_to?(:to_a)

      enum.to_a
    end

    def operation(op, enum)
      ::Set.new(Core.collection_set_op(self, op, values_of(enum)))
    end

    def update_with(op, enum)
      Core.collection_set_update(self, op, values_of(enum))
      self
    end

    def compare(cmp, enum)
      Core.collection_set_compare(self, cmp, values_of(enum))
    end
  end

  # ::Set#== takes only a ::Set on its right (Ruby 3.1 checks other.is_a?(Set)),
  # so Set[...] == collection would be false while collection == Set[...] is
  # true. For a SetCollection on the right, and only then, ask it instead:
  # the comparison is symmetric, and != follows (BasicObject#!= calls ==).
  module SetEqualsCollection
    # The same members as other, as sets.
    def ==(other)
      other.is_a?(SetCollection) ? other == self : super
    end
  end
  ::Set.prepend(SetEqualsCollection)
end
