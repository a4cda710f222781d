# frozen_string_literal: true

module Assoc
  # A table of a registry, made by Registry#table:
  #
  #   registry.table("address") do |t|
  #     t.column :id, :integer, primary_key: true
  #     t.column :email, :text, nullable: false, unique: true
  #     t.column :user_id, foreign_key: "user.id", on_delete: :cascade  # type taken from user.id
  #   end
  class Table
    NO_DEFAULT = ::Object.new.freeze
    private_constant :NO_DEFAULT

    # type: :integer, :real, :text, :blob, :boolean, :numeric, :datetime, or
    # nil with a foreign_key (the referenced column's type).
    def column(name, type = nil, primary_key: false, nullable: nil, autoincrement: nil, unique: false,
               index: false, foreign_key: nil, on_delete: nil, on_update: nil, default: NO_DEFAULT)
      type ||= :infer
      options = { primary_key: primary_key, nullable: nullable.nil? ? -1 : (nullable ? 1 : 0),
                  autoincrement: autoincrement.nil? ? -1 : (autoincrement ? 1 : 0), unique: unique, index: index,
                  foreign_key: foreign_key && Options.name_of(foreign_key), **Options.fk_actions(on_delete, on_update) }
      options[:default] = default unless default.equal?(NO_DEFAULT)
      Core.add_column(self, Options.name_of(name), Options.lookup(Options::COLUMN_TYPES, type, "column type"), options)
      column_types[name.to_s] = type.to_sym
      self
    end

    # A (composite) foreign key: columns[i] references ref_table.ref_columns[i].
    def foreign_key(columns, ref_table, ref_columns, on_delete: nil, on_update: nil, name: nil)
      Core.add_foreign_key(self, Array(columns), Options.name_of(ref_table), Array(ref_columns),
                           { **Options.fk_actions(on_delete, on_update), name: name })
      self
    end

    # A (composite) UNIQUE constraint.
    def unique(columns, name: nil)
      Core.add_unique(self, Array(columns), name)
      self
    end

    # The table's name.
    # @return [String]
    def name
      Core.table_name(self)
    end

    # The names of its columns, in the order they were added.
    # @return [Array<String>]
    def column_names
      Array.new(Core.table_column_count(self)) { |i| Core.table_column_name(self, i) }
    end

    # The type a column was declared with (:infer for a foreign key that took its referent's).
    def column_type(name)
      column_types[name.to_s]
    end

    # The name a constraint got from the naming convention (or explicitly):
    # constraint_name(:fk, :teacher_id) -> "fk_teacher_students_teacher_id_teachers"; nil when unnamed.
    def constraint_name(kind, column)
      Core.table_constraint_name(self, kind.to_s, column.to_s)
    end

    # A description for debugging: the name and columns.
    def inspect
      "#<Assoc::Table #{name} (#{column_names.join(', ')})>"
    end

    private

    def column_types
      @column_types ||= {}
    end
  end
end
