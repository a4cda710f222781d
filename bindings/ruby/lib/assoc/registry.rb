# frozen_string_literal: true

module Assoc
  # A model: tables, their constraints, and mappers with their relationships
  # and proxies. Define everything, then configure (done by
  # Engine#create_all and Session.new if not done before); after that it is
  # read-only.
  class Registry
    # A new, empty registry.
    # @return [Assoc::Registry]
    def self.new
      Core.registry_new
    end

    # How unnamed constraints are named, as SQLAlchemy's naming_convention:
    # naming_convention(:fk, "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s").
    def naming_convention(kind, pattern)
      Core.registry_set_naming_convention(self, kind.to_s, pattern)
      self
    end

    # A new table, defined in the block (given the table, or run on it without a parameter).
    def table(name, &block)
      table = Core.table_new(self, Options.name_of(name))
      if block
        block.arity.zero? ? table.instance_exec(&block) : yield(table)
      end
      table
    end

    # The table of that name.
    # @param name [String, Symbol]
    # @return [Assoc::Table]
    # @raise [Assoc::NotFoundError] when there is none
    def find_table(name)
      Core.registry_table(self, Options.name_of(name))
    end

    # A mapper of name over table: returns the Ruby class of its objects, a
    # new Assoc::Object subclass (or klass), in whose body the block runs
    # (relationship, association_proxy, def ...).
    def mapper(name, table, klass = nil, &block)
      raise StateError, "#{klass} is already mapped to #{klass.mapper.name}" if klass.respond_to?(:mapper) && klass.mapper

      mapper = Core.mapper_new(self, Options.name_of(name), Options.name_of(table))
      klass ||= Class.new(Assoc::Object)
      klass.__send__(:map_to, mapper)
      classes[mapper.name] = klass
      klass.class_eval(&block) if block
      klass
    end

    # The class of the mapper called name.
    def [](name)
      classes.fetch(Options.name_of(name)) do
        raise NotFoundError, "no mapper #{name.to_s.inspect} in this registry"
      end
    end

    # The mapped classes, in the order they were defined.
    # @return [Array<Class>]
    def mappers
      classes.values
    end

    # Resolve every relationship and proxy, freeze the registry, and give
    # each mapped class its attribute readers and writers. Once only.
    def configure
      return self if configured?

      Core.registry_configure(self)
      classes.each_value { |klass| klass.__send__(:define_attribute_methods) }
      self
    end

    # Whether #configure has succeeded.
    def configured?
      Core.registry_is_configured(self) == 1
    end

    # A description for debugging: the mapped classes, and whether configured.
    def inspect
      "#<Assoc::Registry #{classes.keys.join(', ')}#{configured? ? '' : ' (not configured)'}>"
    end

    private

    def classes
      @classes ||= {}
    end
  end
end
