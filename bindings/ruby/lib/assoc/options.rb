# frozen_string_literal: true

module Assoc
  # The words of the Ruby API for the core's enumerations, and the checks
  # that turn keyword arguments into the plain Hashes Assoc::Core takes.
  module Options
    COLUMN_TYPES = {
      integer: Core::ASSOC_TYPE_INTEGER, real: Core::ASSOC_TYPE_REAL, float: Core::ASSOC_TYPE_REAL,
      text: Core::ASSOC_TYPE_TEXT, string: Core::ASSOC_TYPE_TEXT, blob: Core::ASSOC_TYPE_BLOB,
      binary: Core::ASSOC_TYPE_BLOB, boolean: Core::ASSOC_TYPE_BOOLEAN, numeric: Core::ASSOC_TYPE_NUMERIC,
      decimal: Core::ASSOC_TYPE_NUMERIC, datetime: Core::ASSOC_TYPE_DATETIME, infer: Core::ASSOC_TYPE_INFER
    }.freeze
    FK_ACTIONS = {
      no_action: Core::ASSOC_FK_NO_ACTION, cascade: Core::ASSOC_FK_CASCADE, set_null: Core::ASSOC_FK_SET_NULL,
      set_default: Core::ASSOC_FK_SET_DEFAULT, restrict: Core::ASSOC_FK_RESTRICT
    }.freeze
    COLLECTIONS = { list: Core::ASSOC_COLLECTION_LIST, set: Core::ASSOC_COLLECTION_SET,
                    dict: Core::ASSOC_COLLECTION_DICT }.freeze
    COLLECTION_KINDS = { Core::ASSOC_COLLECTION_LIST => :list, Core::ASSOC_COLLECTION_SET => :set,
                         Core::ASSOC_COLLECTION_DICT => :dict, Core::ASSOC_COLLECTION_SCALAR => :scalar }.freeze
    LAZY = { default: Core::ASSOC_LAZY_DEFAULT, select: Core::ASSOC_LAZY_SELECT, selectin: Core::ASSOC_LAZY_SELECTIN,
             joined: Core::ASSOC_LAZY_JOINED, noload: Core::ASSOC_LAZY_NOLOAD, raise: Core::ASSOC_LAZY_RAISE }.freeze
    ATTR_KINDS = { Core::ASSOC_ATTR_COLUMN => :column, Core::ASSOC_ATTR_RELATIONSHIP => :relationship,
                   Core::ASSOC_ATTR_PROXY => :proxy }.freeze
    STATES = { Core::ASSOC_STATE_TRANSIENT => :transient, Core::ASSOC_STATE_PENDING => :pending,
               Core::ASSOC_STATE_PERSISTENT => :persistent, Core::ASSOC_STATE_DELETED => :deleted,
               Core::ASSOC_STATE_DETACHED => :detached }.freeze

    module_function

    # The core's number for word in table, or an InvalidArgumentError naming the choices.
    def lookup(table, word, what)
      return word if word.is_a?(Integer) && table.value?(word)

      table.fetch(word.respond_to?(:to_sym) ? word.to_sym : word) do
        raise InvalidArgumentError, "unknown #{what} #{word.inspect}; expected one of #{table.keys.map(&:inspect).join(', ')}"
      end
    end

    # on_delete: and on_update: as the core's numbers (nil: no action).
    def fk_actions(on_delete, on_update)
      { on_delete: lookup(FK_ACTIONS, on_delete || :no_action, "on_delete action"),
        on_update: lookup(FK_ACTIONS, on_update || :no_action, "on_update action") }
    end

    # The name, as a String, of a String, Symbol, mapped class or mapper (nil stays nil).
    def name_of(thing)
      case thing
      when nil then nil
      when String then thing
      when Symbol then thing.to_s
      when Class then thing.respond_to?(:mapper) && thing.mapper ? thing.mapper.name : thing.name
      when Table, Mapper then thing.name
      else raise TypeMismatchError, "expected a name (String or Symbol), got #{thing.class}"
      end
    end

    # "a, b" from "a, b", :a or [:a, :b]
    def list_of(thing)
      thing.is_a?(Array) ? thing.map { |t| name_of(t) }.join(", ") : name_of(thing)
    end

    # order_by: "name DESC", :name, [:name, "id DESC"] or { name: :desc, id: :asc }
    def order_of(thing)
      case thing
      when Hash then thing.map { |col, dir| "#{col}#{dir.to_s.casecmp?('desc') ? ' DESC' : ''}" }.join(", ")
      else list_of(thing)
      end
    end

    # backref: "posts", :posts, Assoc.backref("posts", uselist: false) or ["posts", { uselist: false }]
    def backref_of(backref)
      case backref
      when nil then [nil, nil]
      when Backref then [backref.name.to_s, relationship(nil, **backref.options)]
      when Array then [backref[0].to_s, relationship(nil, **(backref[1] || {}))]
      else [name_of(backref), nil]
      end
    end

    # The Hash Core.add_relationship takes.
    def relationship(target, secondary: nil, foreign_keys: nil, uselist: nil, collection: nil, dict_key: nil,
                     order_by: nil, cascade: nil, back_populates: nil, backref: nil, passive_updates: true,
                     passive_deletes: false, lazy: :default)
      kind = collection || (dict_key ? :dict : :list)
      backref_name, backref_options = backref_of(backref)
      { target: name_of(target), secondary: name_of(secondary), foreign_keys: foreign_keys && list_of(foreign_keys),
        uselist: uselist.nil? ? -1 : (uselist ? 1 : 0), collection: lookup(COLLECTIONS, kind, "collection"),
        dict_key: name_of(dict_key), order_by: order_by && order_of(order_by), cascade: cascade && list_of(cascade),
        back_populates: name_of(back_populates), backref: backref_name, backref_options: backref_options,
        passive_updates: passive_updates, passive_deletes: passive_deletes, lazy: lookup(LAZY, lazy, "lazy") }
    end
  end

  # The other side of a relationship with options of its own (SQLAlchemy's backref()).
  Backref = Struct.new(:name, :options)

  # A backref with options of its own, for relationship(..., backref: Assoc.backref(:name, uselist: false)).
  # @param name [Symbol, String] the reverse relationship's name
  # @param options [Hash] its relationship options
  def self.backref(name, **options)
    Backref.new(name, options)
  end
end
