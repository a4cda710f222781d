# frozen_string_literal: true

module Assoc
  # A list relationship or proxy view, with Array's methods: indexes and
  # ranges count from the end when negative, as in Array.
  class ListCollection < Collection
    # Append value (through a proxy, the creator makes its member).
    # @return [self]
    def <<(value)
      Core.collection_append(self, value)
      self
    rescue NotInSessionError
      join_members(value) ? retry : raise
    end

    # Append each value in turn; also #append.
    # @return [self]
    def push(*values)
      Core.collection_extend(self, values)
      self
    rescue NotInSessionError
      join_members(values) ? retry : raise
    end
    alias append push

    # Append the members of each list in turn.
    # @return [self]
    def concat(*lists)
      lists.each do |list|
        Core.collection_extend(self, list.to_a)
      rescue NotInSessionError
        join_members(list.to_a) ? retry : raise
      end
      self
    end

    # Insert before index (negative: counted from the end, -1 appends).
    def insert(index, *values)
      length = size
      at = index.negative? ? length + index + 1 : index
      raise OutOfRangeError, "index #{index} outside a list of #{length}" if at.negative? || at > length

      values.each_with_index do |value, i|
        Core.collection_insert(self, at + i, value)
      rescue NotInSessionError
        join_members(value) ? retry : raise
      end
      self
    end

    # Insert values at the front, in order; also #prepend.
    # @return [self]
    def unshift(*values)
      insert(0, *values)
    end
    alias prepend unshift

    # list[i], list[start, length], list[range]: as Array#[] (nil when out of range).
    def [](index, length = nil)
      size_now = size
      if length.nil? && index.is_a?(Integer)
        at = index.negative? ? size_now + index : index
        return nil if at.negative? || at >= size_now

        return Core.collection_get(self, at)
      end
      start, stop = span(index, length, size_now)
      start && Core.collection_get_slice(self, start, stop)
    end
    alias slice []

    # list[i] = v (i == size appends), list[start, length] = values, list[range] = values.
    def []=(*args)
      *where, value = args # args stays as given, for the retry below
      index, length = where
      size_now = size
      if length.nil? && index.is_a?(Integer)
        at = index.negative? ? size_now + index : index
        raise OutOfRangeError, "index #{index} outside a list of #{size_now}" if at.negative? || at > size_now

        at == size_now ? Core.collection_append(self, value) : Core.collection_set(self, at, value)
      else
        start, stop = span(index, length, size_now)
        raise OutOfRangeError, "#{index.inspect} outside a list of #{size_now}" unless start

        Core.collection_set_slice(self, start, stop, value.is_a?(Array) ? value : [value])
      end
    rescue NotInSessionError
      join_members(value) ? retry : raise
    end

    # The first member (nil when empty), or an Array of the first count.
    def first(count = nil)
      count ? self[0, count] : self[0]
    end

    # The last member (nil when empty), or an Array of the last count.
    def last(count = nil)
      return self[-1] unless count

      length = size
      self[[length - count, 0].max, count]
    end

    # Remove every member equal to value: value, or nil (the block's value) if there was none.
    def delete(value)
      found = false
      while include?(value)
        Core.collection_remove(self, value)
        found = true
      end
      return value if found

      block_given? ? yield(value) : nil
    end

    # Remove the first member equal to value; Assoc::NotFoundError if there is none.
    def remove(value)
      Core.collection_remove(self, value)
      self
    end

    # Remove and return the member at index (nil when out of range).
    def delete_at(index)
      length = size
      at = index.negative? ? length + index : index
      return nil if at.negative? || at >= length

      Core.collection_pop(self, at)
    end

    # Remove and return the last member (nil when empty), or an Array of the last count.
    def pop(count = nil)
      return delete_at(-1) unless count

      Array.new([count, size].min) { delete_at(-1) }.reverse
    end

    # Remove and return the first member (nil when empty), or an Array of the first count.
    def shift(count = nil)
      return delete_at(0) unless count

      Array.new([count, size].min) { delete_at(0) }
    end

    # Remove list[index, length] or list[range], returning the removed members.
    def slice!(index, length = nil)
      return delete_at(index) if length.nil? && index.is_a?(Integer)

      start, stop = span(index, length, size)
      return nil unless start

      removed = Core.collection_get_slice(self, start, stop)
      Core.collection_delete_slice(self, start, stop)
      removed
    end

    # The position of the first member equal to value (or for which the block is true), or nil.
    def index(*args)
      if args.empty?
        return enum_for(:index) unless block_given?

        each_with_index { |value, i| return i if yield(value) }
        return nil
      end
      Core.collection_index(self, args.first)
    rescue NotFoundError
      nil
    end
    alias find_index index

    # How many members there are, equal value, or satisfy the block.
    def count(*args, &block)
      return size if args.empty? && !block
      return super if block

      Core.collection_count_of(self, args.first)
    end

    # The same members in the same order as other: an Array, another list,
    # or anything with to_ary, as Array#== takes; Array#== takes a list in
    # turn (through #to_ary), so the comparison is symmetric. A Set, a set
    # collection or a Hash is never equal to a list, as with Array.
    def ==(other)
      return true if equal?(other)

      other.respond_to?(:to_ary) && to_a == other.to_ary
    end

    # list + other, list - other, list & other, list | other and list * n
    # (or * separator) as Array's: new Arrays (other is an Array or another
    # list), so `owner.list += values` assigns the sum back (a
    # whole-collection replace).
    def +(other)
      to_a + other
    end

    # As Array#-: the members not in other, in order.
    def -(other)
      to_a - other
    end

    # As Array#&: the members also in other, without duplicates, in order.
    def &(other)
      to_a & other
    end

    # As Array#|: the members, then those of other not among them, without duplicates.
    def |(other)
      to_a | other
    end

    # As Array#*: the members repeated (an Integer) or joined (a String).
    def *(arg)
      to_a * arg
    end

    # An Array of the members: lets Array#== (and splats, Array#+) take a list as an Array.
    def to_ary
      to_a
    end

    # The members as an Array prints them.
    def inspect
      to_a.inspect
    end

    private

    # [start, stop) of list[index, length] or list[range], or nil as Array#[] gives nil.
    def span(index, length, size_now)
      if index.is_a?(Range)
        first = index.begin || 0
        first += size_now if first.negative?
        return nil if first.negative? || first > size_now

        last = index.end
        stop = if last.nil? then size_now
               else
                 last += size_now if last.negative?
                 index.exclude_end? ? last : last + 1
               end
        [first, stop.clamp(first, size_now)]
      else
        raise TypeMismatchError, "expected an Integer, a Range or (start, length); got #{index.class}" unless index.is_a?(Integer)

        first = index.negative? ? size_now + index : index
        return nil if first.negative? || first > size_now || (length && length.negative?)

        [first, [first + (length || 1), size_now].min]
      end
    end
  end
end
