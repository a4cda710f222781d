# frozen_string_literal: true

module Assoc
  # The core's mapper behind a mapped class (User.mapper): its name, table
  # and attributes. Registry#mapper makes both.
  class Mapper
    def name
      Core.mapper_name(self)
    end

    def table
      Core.mapper_table(self)
    end

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

    def attribute(name)
      Core.mapper_attr(self, Options.name_of(name))
    end

    def inspect
      "#<Assoc::Mapper #{name} (table #{table.name})>"
    end
  end
end
