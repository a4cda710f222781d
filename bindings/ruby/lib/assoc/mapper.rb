# frozen_string_literal: true

module Assoc
  # The core's mapper behind a mapped class (User.mapper): its name, table
  # and attributes. Registry#mapper makes both.
  class Mapper
    # The mapper's name.
    # @return [String]
    def name
      Core.mapper_name(self)
    end

    # The table it maps.
    # @return [Assoc::Table]
    def table
      Core.mapper_table(self)
    end

    # The registry it belongs to.
    # @return [Assoc::Registry]
    def registry
      Core.registry_of(self)
    end

    # The Ruby class of its objects.
    def object_class
      Core.class_of(self)
    end

    # Every attribute: columns, relationships and proxies (once configured).
    def attributes
      Array.new(Core.mapper_attr_count(self)) { |i| Core.mapper_attr_at(self, i) }
    end

    # The attribute (column, relationship or proxy) of that name; needs a configured registry.
    # @param name [String, Symbol]
    # @return [Assoc::Attribute]
    # @raise [Assoc::NotFoundError] when there is none
    # @raise [Assoc::StateError] before the registry is configured
    def attribute(name)
      Core.mapper_attr(self, Options.name_of(name))
    end

    # A description for debugging: the name and table.
    def inspect
      "#<Assoc::Mapper #{name} (table #{table.name})>"
    end
  end
end
