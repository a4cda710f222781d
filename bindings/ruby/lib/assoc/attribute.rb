# frozen_string_literal: true

module Assoc
  # One attribute of a mapper (a column, relationship or proxy), as
  # User[:keywords] gives it: what it is, and the comparisons that build
  # query expressions (User[:name].eq("jek"), User[:keywords].any(...)).
  class Attribute
    # The attribute's name.
    # @return [String]
    def name
      @name ||= Core.attr_name(self)
    end

    # The mapper the attribute belongs to.
    # @return [Assoc::Mapper]
    def mapper
      @mapper ||= Core.attr_mapper(self)
    end

    # The class the attribute belongs to.
    def owner
      mapper.object_class
    end

    # :column, :relationship or :proxy
    def kind
      @kind ||= Options::ATTR_KINDS.fetch(Core.attr_kind_of(self))
    end

    # :scalar (columns, many-to-one, scalar proxies), :list, :set or :dict
    def collection_kind
      @collection_kind ||= Options::COLLECTION_KINDS.fetch(Core.attr_collection_kind(self))
    end

    # Whether the attribute reads as a collection (a list, set or dict).
    def collection?
      collection_kind != :scalar
    end

    # Whether it is a column.
    def column? = kind == :column
    # Whether it is a relationship.
    def relationship? = kind == :relationship
    # Whether it is an association proxy.
    def proxy? = kind == :proxy

    # A relationship's target class.
    def target
      Core.attr_target(self)&.object_class
    end

    # ---- proxies: the two hops --------------------------------------------

    # The relationship the proxy reads through (User.keywords -> User.user_keyword_associations).
    def local_attr
      Core.proxy_local_attr(self)
    end

    # The attribute it proxies, on the target (-> UserKeywordAssociation.keyword).
    def remote_attr
      Core.proxy_remote_attr(self)
    end

    # [local_attr, remote_attr]: query.join(*User[:keywords].attr)
    def attr
      [local_attr, remote_attr]
    end

    # The intermediary class (UserKeywordAssociation).
    def target_class
      Core.proxy_target_class(self)&.object_class
    end

    # Whether it is a proxy over a scalar (many-to-one or one-to-one) relationship.
    def scalar_proxy?
      proxy? && Core.proxy_is_scalar(self) == 1
    end

    # ---- expressions -------------------------------------------------------

    # attr = value (nil: IS NULL), for columns, scalar relationships and proxies.
    # @param value [Object] the value to compare with
    # @return [Assoc::Expr]
    # @raise [Assoc::TypeMismatchError] (when the query is built) for a value the attribute cannot take
    def eq(value) = Expr::Compare.new(self, :eq, value)
    # attr != value (nil: IS NOT NULL).
    # @return [Assoc::Expr]
    def ne(value) = Expr::Compare.new(self, :ne, value)
    # attr < value.
    # @return [Assoc::Expr]
    def lt(value) = Expr::Compare.new(self, :lt, value)
    # attr <= value.
    # @return [Assoc::Expr]
    def le(value) = Expr::Compare.new(self, :le, value)
    # attr > value.
    # @return [Assoc::Expr]
    def gt(value) = Expr::Compare.new(self, :gt, value)
    # attr >= value.
    # @return [Assoc::Expr]
    def ge(value) = Expr::Compare.new(self, :ge, value)
    # attr LIKE pattern (a String).
    # @return [Assoc::Expr]
    def like(pattern) = Expr::Compare.new(self, :like, pattern)
    # attr NOT LIKE pattern (a String).
    # @return [Assoc::Expr]
    def not_like(pattern) = Expr::Compare.new(self, :not_like, pattern)
    # attr IS NULL (for a proxy, also where there is no intermediary object).
    # @return [Assoc::Expr]
    def null = Expr::Compare.new(self, :is_null, nil)
    # attr IS NOT NULL.
    # @return [Assoc::Expr]
    def not_null = Expr::Compare.new(self, :is_not_null, nil)
    # attr IN (values)
    def in(values) = Expr::In.new(self, values.to_a)
    # A collection with a member matching criterion (any member when nil).
    def any(criterion = nil) = Expr::Exists.new(:any, self, criterion)
    # A scalar relationship or proxy whose target matches criterion.
    def has(criterion = nil) = Expr::Exists.new(:has, self, criterion)
    # A collection holding value.
    def contains(value) = Expr::Contains.new(self, value)

    # The same attribute: the same mapper and name.
    def ==(other)
      other.is_a?(Attribute) && other.mapper.equal?(mapper) && other.name == name
    end
    alias eql? ==

    # A hash consistent with ==.
    def hash
      [mapper.name, name].hash
    end

    # "Mapper.name".
    def to_s
      "#{mapper.name}.#{name}"
    end

    # A description for debugging: name, kind and collection kind.
    def inspect
      "#<Assoc::Attribute #{self} (#{kind}, #{collection_kind})>"
    end
  end
end
