# frozen_string_literal: true

module Assoc
  # A SELECT of one mapped class, made by Session#query. The builder methods
  # change the query and return it, so they chain:
  #
  #   session.query(User).join(*User[:keywords].attr).where(Keyword[:keyword].eq("jek")).order_by(:name).all
  #
  # Running it autoflushes the session (unless autoflush is off); rows come
  # back through the identity map.
  class Query
    include Enumerable

    # AND attr = value for each keyword (a scalar relationship compares with an object).
    def filter_by(**conditions)
      conditions.each { |name, value| Core.query_filter_by(self, name.to_s, value) }
      self
    end

    # AND each expression.
    def where(*exprs)
      exprs.each { |expr| Core.query_where(self, Expr.check(expr).build) }
      self
    end
    alias filter where

    # JOIN along relationships or proxies: attributes (User[:keywords], or
    # *User[:keywords].attr for both hops), or names of the query's class.
    def join(*attrs)
      attrs.each { |attr| Core.query_join(self, *target(attr)) }
      self
    end

    # Load these relationships (or both hops of a proxy) by selectin for the objects found.
    def selectinload(*attrs)
      attrs.each { |attr| Core.query_selectinload(self, *target(attr)) }
      self
    end

    # Leave these columns out of the rows (SQLAlchemy's defer()): each is
    # loaded by the first read of it on an object this query loads.
    # @param columns [Symbol, String, Assoc::Attribute] columns of the query's class
    # @return [self]
    # @raise [Assoc::InvalidArgumentError] for a name that is not a column, or a key column
    # @raise [Assoc::TypeMismatchError] for a relationship or proxy
    def defer(*columns)
      columns.each { |column| Core.query_defer(self, column_name(column)) }
      self
    end

    # Load these deferred columns with the rows (SQLAlchemy's undefer()).
    # @param columns [Symbol, String, Assoc::Attribute] columns of the query's class
    # @return [self]
    # @raise [Assoc::InvalidArgumentError] for a name that is not an attribute
    # @raise [Assoc::TypeMismatchError] for a relationship or proxy
    def undefer(*columns)
      columns.each { |column| Core.query_undefer(self, column_name(column)) }
      self
    end

    # Load every column of these deferred groups with the rows (SQLAlchemy's undefer_group()).
    # @param groups [String, Symbol] groups named by column(..., group:) in the mapping
    # @return [self]
    # @raise [Assoc::InvalidArgumentError] for a group no column of the class has
    def undefer_group(*groups)
      groups.each { |group| Core.query_undefer_group(self, Options.name_of(group)) }
      self
    end

    # order_by(:name), order_by(:name, id: :desc), order_by(User[:name]).
    def order_by(*columns, **directions)
      columns.each { |column| Core.query_order_by(self, column_name(column), 0) }
      directions.each do |column, direction|
        Core.query_order_by(self, column_name(column), direction.to_s.casecmp?("desc") ? 1 : 0)
      end
      self
    end

    # LIMIT count.
    # @param count [Integer] 0 or more
    # @return [self]
    # @raise [Assoc::InvalidArgumentError] for a negative count
    def limit(count)
      Core.query_limit(self, count)
      self
    end

    # OFFSET count.
    # @param count [Integer] 0 or more
    # @return [self]
    # @raise [Assoc::InvalidArgumentError] for a negative count
    def offset(count)
      Core.query_offset(self, count)
      self
    end

    # Run the query: every matching object, each once; also #to_a.
    # @return [Array<Object>]
    def all
      Core.query_all(self)
    end
    alias to_a all

    # Each object of #all; an Enumerator without a block.
    def each(&block)
      return enum_for(:each) unless block

      all.each(&block)
      self
    end

    # The first object, or nil.
    def first
      Core.query_first(self)
    end

    # Exactly one object: Assoc::NoResultError for none, Assoc::MultipleResultsError for several.
    def one
      Core.query_one(self)
    end

    # How many objects all would return (with a block: Enumerable#count).
    def count(*args, &block)
      return super if block || !args.empty?

      Core.query_count(self)
    end

    # Whether at least one object matches.
    # @return [Boolean]
    def exists?
      Core.query_exists(self)
    end

    # The SQL all runs, as SQLAlchemy prints it (values are never in it).
    def sql
      Core.query_sql(self)
    end
    alias to_s sql

    # A description for debugging, with the SQL.
    def inspect
      "#<Assoc::Query #{sql}>"
    end

    private

    def target(attr)
      case attr
      when Attribute then [attr.mapper, attr.name]
      when String, Symbol then [@mapper, attr.to_s]
      else raise TypeMismatchError, "expected an Assoc::Attribute or a name, got #{attr.class}"
      end
    end

    def column_name(column)
      column.is_a?(Attribute) ? column.name : Options.name_of(column)
    end
  end
end
