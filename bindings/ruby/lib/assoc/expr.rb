# frozen_string_literal: true

module Assoc
  # A query condition, built from attributes (User[:name].eq("jek"),
  # User[:keywords].any(Keyword[:keyword].like("%jek%"))) and combined with
  # & (and), | (or) and ~ (not). An Expr is a plain Ruby description: each
  # query it is given to builds the core's expression from it, so one Expr
  # may serve many queries.
  class Expr
    # Both self and other (SQL AND); also #and.
    # @param other [Assoc::Expr]
    # @return [Assoc::Expr]
    def &(other) = Binary.new(:and, self, Expr.check(other))
    # Either (SQL OR); also #or.
    # @param other [Assoc::Expr]
    # @return [Assoc::Expr]
    def |(other) = Binary.new(:or, self, Expr.check(other))
    # The negation (SQL NOT); also #not.
    # @return [Assoc::Expr]
    def ~ = Not.new(self)
    alias and &
    alias or |
    alias not ~

    # expr, if it is an Assoc::Expr.
    # @raise [Assoc::TypeMismatchError] otherwise
    def self.check(expr)
      raise TypeMismatchError, "expected an Assoc::Expr, got #{expr.class}" unless expr.is_a?(Expr)

      expr
    end

    # A description for debugging, with the expression's text.
    def inspect
      "#<Assoc::Expr #{self}>"
    end

    # attr <op> value
    class Compare < Expr
      OPS = { eq: Core::ASSOC_OP_EQ, ne: Core::ASSOC_OP_NE, lt: Core::ASSOC_OP_LT, le: Core::ASSOC_OP_LE,
              gt: Core::ASSOC_OP_GT, ge: Core::ASSOC_OP_GE, like: Core::ASSOC_OP_LIKE,
              not_like: Core::ASSOC_OP_NOT_LIKE, is_null: Core::ASSOC_OP_IS_NULL,
              is_not_null: Core::ASSOC_OP_IS_NOT_NULL }.freeze
      SYMBOLS = { eq: "==", ne: "!=", lt: "<", le: "<=", gt: ">", ge: ">=", like: "LIKE", not_like: "NOT LIKE",
                  is_null: "IS NULL", is_not_null: "IS NOT NULL" }.freeze

      # @param attr [Assoc::Attribute]
      # @param op [Symbol] :eq, :ne, :lt, :le, :gt, :ge, :like, :not_like, :is_null or :is_not_null
      # @param value [Object]
      def initialize(attr, op, value)
        super()
        @attr = attr
        @op = op
        @value = value
      end

      # A new core expression handle for this expression (the query takes it over).
      def build
        Core.expr_compare(@attr.mapper, @attr.name, OPS.fetch(@op), @value)
      end

      # The expression as text, for inspect.
      def to_s
        @op.to_s.start_with?("is_") ? "#{@attr} #{SYMBOLS[@op]}" : "#{@attr} #{SYMBOLS[@op]} #{@value.inspect}"
      end
    end

    # attr IN (values)
    class In < Expr
      # @param attr [Assoc::Attribute] a column
      # @param values [Array]
      def initialize(attr, values)
        super()
        @attr = attr
        @values = values
      end

      # A new core expression handle for this expression (the query takes it over).
      def build
        Core.expr_in(@attr.mapper, @attr.name, @values)
      end

      # The expression as text, for inspect.
      def to_s
        "#{@attr} IN #{@values.inspect}"
      end
    end

    # attr.any(criterion) / attr.has(criterion): EXISTS over a relationship or proxy
    class Exists < Expr
      # @param form [Symbol] :any or :has
      # @param attr [Assoc::Attribute] a relationship or proxy
      # @param criterion [Assoc::Expr, nil]
      def initialize(form, attr, criterion)
        super()
        @form = form
        @attr = attr
        @criterion = criterion && Expr.check(criterion)
      end

      # A new core expression handle for this expression (the query takes it over).
      def build
        criterion = @criterion&.build
        if @form == :any
          Core.expr_any(@attr.mapper, @attr.name, criterion)
        else
          Core.expr_has(@attr.mapper, @attr.name, criterion)
        end
      end

      # The expression as text, for inspect.
      def to_s
        "#{@attr}.#{@form}(#{@criterion})"
      end
    end

    # attr.contains(value)
    class Contains < Expr
      # @param attr [Assoc::Attribute] a collection relationship or proxy
      # @param value [Object] the member looked for
      def initialize(attr, value)
        super()
        @attr = attr
        @value = value
      end

      # A new core expression handle for this expression (the query takes it over).
      def build
        Core.expr_contains(@attr.mapper, @attr.name, @value)
      end

      # The expression as text, for inspect.
      def to_s
        "#{@attr}.contains(#{@value.inspect})"
      end
    end

    # a AND b, a OR b
    class Binary < Expr
      # @param op [Symbol] :and or :or
      # @param left [Assoc::Expr]
      # @param right [Assoc::Expr]
      def initialize(op, left, right)
        super()
        @op = op
        @left = left
        @right = right
      end

      # A new core expression handle for this expression (the query takes it over).
      def build
        left = @left.build
        right = @right.build
        @op == :and ? Core.expr_and(left, right) : Core.expr_or(left, right)
      end

      # The expression as text, for inspect.
      def to_s
        "(#{@left} #{@op.upcase} #{@right})"
      end
    end

    # NOT a
    class Not < Expr
      # @param expr [Assoc::Expr] the expression negated
      def initialize(expr)
        super()
        @expr = expr
      end

      # A new core expression handle for this expression (the query takes it over).
      def build
        Core.expr_not(@expr.build)
      end

      # The expression as text, for inspect.
      def to_s
        "NOT #{@expr}"
      end
    end
  end
end
