# frozen_string_literal: true

module Assoc
  # An object of a mapped class: one row, or one to be. Attributes read and
  # write as methods (user.name = "jek"; user.keywords << "x"), or by name
  # (user[:name]). The same row always gives the same Ruby object.
  #
  # #session, #==, #eql? and #hash are defined in C (rb_objects.c).
  class Object
    extend Mapping

    # Sets each attribute from the keywords, in order. A mapped class may
    # define its own initialize (and call super with keywords).
    def initialize(**attributes)
      self.class.assign_attributes(self, attributes)
    end

    # The attribute's value (a collection for a collection attribute).
    def [](name)
      attr = self.class[name]
      return Core.object_collection_attr(self, attr) if attr.collection?

      begin
        value = Core.object_get_attr(self, attr)
      rescue NotInSessionError
        raise unless unbound?

        return assoc_pending(attr)
      end
      self.class.boolean_column?(attr) && !value.nil? ? value != 0 : value
    end

    # Set a column or scalar relationship or proxy; a collection is replaced
    # by the given values (an Array, Set or Hash).
    def []=(name, value)
      attr = self.class[name]
      if attr.collection?
        return assoc_pend(attr, value) if unbound?

        Core.object_collection_attr(self, attr).replace(value)
      else
        begin
          Core.object_set_attr(self, attr, value)
        rescue NotInSessionError
          self.class.settle(self, attr, value)
        end
      end
    end

    # Python's del: a column or scalar relationship becomes nil; a scalar
    # proxy clears its value and lets go of its intermediary object; a
    # collection is cleared.
    def unset(name)
      return tap { @assoc_pending&.delete(self.class[name].name.to_sym) } if unbound?

      Core.object_unset(self, Options.name_of(name))
      self
    end

    # :transient, :pending, :persistent, :deleted or :detached (an object
    # made without a session, in none yet, is transient).
    def state
      return :transient if unbound?

      Options::STATES.fetch(Core.object_state_of(self))
    end

    # Whether the object is in no session's unit of work yet.
    def transient? = state == :transient
    # Whether it was added and is INSERTed at the next flush.
    def pending? = state == :pending
    # Whether it has a row and is in the identity map.
    def persistent? = state == :persistent
    # Whether its row was deleted by a flush, not yet committed.
    def deleted? = state == :deleted
    # Whether it had a row but belongs to no open session any more.
    def detached? = state == :detached

    # Whether the attribute (or, without one, any column) has changes not yet flushed.
    def modified?(name = nil)
      return false if unbound?

      names = name ? [Options.name_of(name)] : self.class.attributes.values.select(&:column?).map(&:name)
      names.any? { |n| Core.object_is_modified(self, n) == 1 }
    end

    # The column values: { "id" => 1, "name" => "jek" }.
    def attributes
      self.class.attributes.each_value.select(&:column?).to_h { |attr| [attr.name, self[attr.name]] }
    end

    # Ruby's (and ActiveRecord's) form: the class and each column's value,
    # #<User id: 1, name: "jek", age: nil>. It reads the columns as
    # #attributes does, loading expired ones; a column that cannot be read
    # now (an expired column of a detached object) is left out.
    def inspect
      columns = self.class.attributes.each_value.select(&:column?).filter_map do |attr|
        "#{attr.name}: #{self[attr.name].inspect}"
      rescue Error
        nil
      end
      columns.empty? ? "#<#{self.class}>" : "#<#{self.class} #{columns.join(', ')}>"
    end

    # "<User 1>": the mapper's name and the primary key (the core's short
    # form, as the seed programs print objects; it reads nothing).
    def to_s
      unbound? ? "<#{self.class} None>" : Core.object_repr(self)
    end

    private

    # An attribute given to an object made without a session (nil if none was).
    def assoc_pending(attr)
      @assoc_pending&.fetch(attr.name.to_sym, nil)
    end

    # Keep value for attr until the object joins a session.
    def assoc_pend(attr, value)
      (@assoc_pending ||= {})[attr.name.to_sym] = value
    end

    # An object made without a session becomes an object of session, with
    # the attributes it was given (an unbound object among them joins too).
    def assoc_join_session(session)
      Core.object_bind(self, session)
      pending = @assoc_pending
      @assoc_pending = nil
      self.class.assign_attributes(self, pending) if pending
      self
    end
  end
end
