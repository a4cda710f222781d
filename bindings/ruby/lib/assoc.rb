# frozen_string_literal: true

# assoc for Ruby: association tables, association objects and association
# proxies (SQLAlchemy's relationship() and association_proxy) over SQLite,
# on the C library libassoc.
#
#   require "assoc"
#
#   registry = Assoc::Registry.new
#   registry.table("user") { |t| t.column :id, :integer, primary_key: true; t.column :name, :text }
#   ...
#   User = registry.mapper("User", "user") do
#     relationship :kw, "Keyword", secondary: "user_keyword"
#     association_proxy :keywords, :kw, :keyword,
#                       creator: ->(word) { Keyword.new(keyword: word) }
#   end
#   engine = Assoc::Engine.new("sqlite://")
#   engine.create_all(registry)
#   Assoc::Session.open(engine, registry) do |session|
#     user = User.new(session, name: "jek")
#     user.keywords << "cheese-inspector"
#     session.add(user)
#     session.commit
#   end
#
# Assoc::Core is the SWIG-generated low-level module; everything else here
# builds the Ruby API on it, one concept per file.

require "assoc/assoc_core"
require "assoc/version"
require "assoc/errors"
require "assoc/options"
require "assoc/engine"
require "assoc/table"
require "assoc/registry"
require "assoc/mapper"
require "assoc/attribute"
require "assoc/mapping"
require "assoc/object"
require "assoc/session"
require "assoc/collection"
require "assoc/list_collection"
require "assoc/set_collection"
require "assoc/dict_collection"
require "assoc/expr"
require "assoc/query"
