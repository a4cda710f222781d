# frozen_string_literal: true

module Assoc
  # The class side of a mapped class (User.new, User[:name], and the
  # declarations run in Registry#mapper's block): Assoc::Object extends it.
  module Mapping
    # The Assoc::Mapper this class maps to.
    attr_reader :mapper

    # The registry of the class's mapper (nil before it is mapped).
    # @return [Assoc::Registry, nil]
    def registry
      mapper&.registry
    end

    # A new transient object in session: User.new(session, name: "jek").
    # The arguments go to #initialize, which sets attributes from keywords
    # unless the class defines its own.
    #
    # Without a session (User.new(name: "jek"), as ActiveRecord's), the
    # object keeps its attributes until it joins one: when added to a session,
    # or to a collection or relationship of an object that is in one (or
    # returned by a creator). Until then it reads back the attributes given
    # (nil for the others); its collections, and every call that needs a
    # session, raise Assoc::NotInSessionError.
    def new(*args, **attributes, &block)
      raise ConfigError, "#{self} is not mapped; make it with Registry#mapper" unless mapper

      if args.first.is_a?(Session) || (!args.empty? && !@own_initialize)
        object = Core.object_new(args.shift, mapper)
      else
        mapper.registry.configure
        object = Core.object_new_unbound(mapper)
      end
      if args.empty? && !block && !@own_initialize
        assign_attributes(object, attributes) # what Assoc::Object#initialize does, one call sooner
      else
        object.__send__(:initialize, *args, **attributes, &block)
      end
      object
    end

    # A class that defines its own initialize gets new's arguments through it.
    def method_added(name)
      @own_initialize = true if name == :initialize
      super
    end

    # column(:body, deferred: true, group: :text): how the mapper loads a
    # column of its table. A deferred column is left out of the rows a query
    # loads, and loaded by the first read of it (or with the query's rows by
    # Query#undefer, or by Query#undefer_group for its group); expiring it
    # defers it again. Columns of one group load together. A primary key or
    # a column a relationship is keyed on cannot be deferred.
    # @param name [Symbol, String] a column of the mapper's table
    # @param deferred [Boolean]
    # @param group [Symbol, String, nil] for a deferred column: the group it loads with
    # @return [self]
    # @raise [Assoc::InvalidArgumentError] for a group without deferred, or a deferred primary key
    # @raise [Assoc::NotFoundError] when the table has no such column
    def column(name, deferred: false, group: nil)
      raise TypeMismatchError, "column: deferred must be true or false, got #{deferred.inspect}" \
        unless [true, false].include?(deferred)

      Core.set_column_options(mapper, Options.name_of(name), { deferred: deferred, group: Options.name_of(group) })
      self
    end

    # relationship(:kw, "Keyword", secondary: "user_keyword"); options as
    # SQLAlchemy's: secondary, foreign_keys, uselist, collection (:list, :set,
    # :dict), dict_key (for :dict), order_by, cascade, back_populates, backref
    # (a name or Assoc.backref(name, **options)), passive_updates,
    # passive_deletes, lazy (:default (batched), :select (one object at a time), :selectin, :joined, :noload, :raise).
    def relationship(name, target, **options)
      Core.add_relationship(mapper, Options.name_of(name), Options.relationship(target, **options))
      self
    end

    # association_proxy(:keywords, :kw, :keyword, creator: ->(owner, value) { ... }):
    # a view of attr across the relationship target_collection. The creator
    # (or the block) makes the intermediary object for a value added through
    # the proxy: creator.call(owner, value), or (owner, key, value) for a
    # dict proxy. proxy_bulk_set.call(view, values) (or (view, keys, values))
    # replaces whole-collection assignment; proxy_class wraps the view
    # (proxy_class.new(view)); info is the program's own.
    def association_proxy(name, target_collection, attr, creator: nil, unique: false, cascade_scalar_deletes: false,
                          create_on_none_assignment: false, proxy_bulk_set: nil, proxy_class: nil, info: nil, &block)
      raise InvalidArgumentError, "give the creator as creator: or as a block, not both" if creator && block

      name = Options.name_of(name)
      Core.add_proxy(mapper, name,
                     { target_collection: Options.name_of(target_collection), attr: Options.name_of(attr),
                       creator: creator || block, unique: unique, cascade_scalar_deletes: cascade_scalar_deletes,
                       create_on_none_assignment: create_on_none_assignment, proxy_bulk_set: proxy_bulk_set })
      proxy_classes[name] = proxy_class if proxy_class
      proxy_infos[name] = info unless info.nil?
      self
    end

    # The info given to association_proxy.
    def proxy_info(name)
      proxy_infos[Options.name_of(name)]
    end

    # The attribute called name, for queries: User[:name].eq("jek").
    def [](name)
      attribute_table.fetch(name.to_sym) do
        raise NotFoundError, "#{mapper.name} has no attribute '#{name}'" if mapper&.registry&.configured?

        raise StateError, "#{mapper ? mapper.name : self} is not configured yet: configure its registry first"
      end
    end
    alias attribute []

    # name => Assoc::Attribute, once configured.
    def attributes
      attribute_table.dup
    end

    # Set each attribute of object from a Hash of name => value, in order:
    # scalars by the fast by-attr call, collections replaced whole (an
    # object made without a session keeps them until it joins one).
    def assign_attributes(object, values)
      unbound = object.unbound?
      values.each do |name, value|
        name = name.to_sym unless name.is_a?(Symbol)
        if (attr = scalar_attributes[name])
          next object.__send__(:assoc_pend, attr, value) if unbound

          begin
            Core.object_set_attr(object, attr, value)
          rescue NotInSessionError
            settle(object, attr, value)
          end
        elsif (attr = collection_attributes[name])
          next object.__send__(:assoc_pend, attr, value) if unbound

          Core.object_collection_attr(object, attr).replace(value)
        else
          raise NotFoundError, "#{mapper.name} has no attribute '#{name}'"
        end
      end
    end

    # Set attr of object to value when Core.object_set_attr refused one of
    # them for being in no session: an unbound object keeps the value; an
    # unbound value joins the session of the object.
    def settle(object, attr, value)
      return object.__send__(:assoc_pend, attr, value) if object.unbound?
      raise NotInSessionError, "#{object} is in no session" unless object.session

      value.__send__(:assoc_join_session, object.session) if value.is_a?(Assoc::Object) && value.unbound?
      Core.object_set_attr(object, attr, value)
    end

    # A :boolean column, whose stored 0 and 1 read back as false and true.
    def boolean_column?(attr)
      attr.column? && mapper.table.column_type(attr.name) == :boolean
    end

    # The class's name, or else its mapper's name.
    def to_s
      name || (mapper ? mapper.name : super)
    end
    alias inspect to_s

    private

    def map_to(mapper)
      Core.bind_class(mapper, self)
      @mapper = mapper
    end

    def attribute_table
      @attribute_table ||= {}
    end

    # Symbol => Assoc::Attribute, for assign_attributes (the creator path: User.new(session, k: v)).
    def scalar_attributes
      @scalar_attributes ||= {}
    end

    def collection_attributes
      @collection_attributes ||= {}
    end

    def proxy_classes
      @proxy_classes ||= {}
    end

    def proxy_infos
      @proxy_infos ||= {}
    end

    # Readers and writers for every attribute, resolved once (the fast by-attr
    # calls). A method the class defines itself, or one Assoc::Object already
    # has (session, state, hash, ...), is left alone: obj[:name] still reaches it.
    def define_attribute_methods
      mapper.attributes.each do |attr|
        attribute_table[attr.name.to_sym] = attr
        (attr.collection? ? collection_attributes : scalar_attributes)[attr.name.to_sym] = attr
        reader, writer = accessors(attr)
        define_accessor(attr.name, reader)
        define_accessor("#{attr.name}=", writer)
      end
    end

    def accessors(attr)
      if attr.collection?
        wrap = proxy_classes[attr.name]
        reader = if wrap
                   proc { Core.object_collection_attr(self, attr).wrapped_by(wrap) }
                 else
                   proc { Core.object_collection_attr(self, attr) }
                 end
        writer = proc do |values|
          Core.object_collection_attr(self, attr).replace(values)
        rescue NotInSessionError
          unbound? ? assoc_pend(attr, values) : raise
        end
        return [reader, writer]
      end
      klass = self
      writer = proc do |value|
        Core.object_set_attr(self, attr, value)
      rescue NotInSessionError
        klass.settle(self, attr, value)
      end
      if boolean_column?(attr)
        [proc do
          (value = Core.object_get_attr(self, attr)).nil? ? nil : value != 0
        rescue NotInSessionError
          unbound? ? assoc_pending(attr) : raise
        end, writer]
      else
        [proc do
          Core.object_get_attr(self, attr)
        rescue NotInSessionError
          unbound? ? assoc_pending(attr) : raise
        end, writer]
      end
    end

    def define_accessor(name, body)
      return if method_defined?(name, false) || private_method_defined?(name, false)

      if Assoc::Object.method_defined?(name)
        warn "assoc: #{mapper.name}.#{name.delete_suffix('=')} is not defined as a method " \
             "(Assoc::Object##{name} exists); use obj[:#{name.delete_suffix('=')}]"
        return
      end
      define_method(name, &body)
    end
  end
end
