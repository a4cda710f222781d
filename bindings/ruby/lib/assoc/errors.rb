# frozen_string_literal: true

module Assoc
  # Included by every exception of the library, so that `rescue Assoc::Error`
  # catches them all; each is also a subclass of Ruby's own class of the same
  # meaning (Assoc::NotFoundError is a KeyError, Assoc::TypeMismatchError a
  # TypeError, ...). #code is the core's negative error code
  # (Assoc::Core::ASSOC_E...), #message the core's message, which names the
  # table, attribute or value involved, and the Ruby method (never a C
  # function). One class per code.
  #
  # `raise Assoc::Error, "message"` still works: it raises an Assoc::GeneralError.
  module Error
    CODE = Core::ASSOC_ERROR

    # The core's negative ASSOC_E... code.
    attr_reader :code

    # @param message [String] the core's message, naming what was wrong
    # @param code [Integer] the ASSOC_E... code; the class's CODE when nil
    # @param options [Hash] for the Ruby superclass (KeyError's receiver: and key:)
    def initialize(message = nil, code: nil, **options)
      super(message.is_a?(String) ? Error.rubyish(message) : message, **options)
      @code = code || self.class::CODE
    end

    # "ASSOC_ENOTFOUND"
    def code_name
      Core.error_name(code)
    end

    # A module cannot be instantiated: Assoc::Error.new and
    # `raise Assoc::Error, "..."` make the error without a better class.
    def self.new(*args, **options)
      GeneralError.new(*args, **options)
    end

    # What `raise Assoc::Error, "message"` calls.
    def self.exception(*args, **options)
      GeneralError.exception(*args, **options)
    end

    # The C functions of the core whose names appear in its messages, as the
    # Ruby methods that call them. A name not listed here becomes its
    # low-level Assoc::Core method (assoc_query_sql -> Assoc::Core.query_sql).
    RUBY_NAMES = {
      "assoc_session_new" => "Session.new", "assoc_session_run" => "Session#transaction",
      "assoc_session_expire_all" => "Session#expire", "assoc_session_contains" => "Session#include?",
      "assoc_session_begin_nested" => "Session#begin_nested", "assoc_query_new" => "Session#query",
      "assoc_query_join_alias" => "Query#join", "assoc_query_exists" => "Query#exists?",
      "assoc_registry_new" => "Registry.new", "assoc_table_new" => "Registry#table",
      "assoc_table_add_column" => "Table#column", "assoc_table_add_foreign_key" => "Table#foreign_key",
      "assoc_table_add_unique" => "Table#unique", "assoc_mapper_new" => "Registry#mapper",
      "assoc_engine_open" => "Engine.new", "assoc_engine_open_ext" => "Engine.new",
      "assoc_engine_exec" => "Engine#execute", "assoc_mapper_set_column_options" => "column",
      "assoc_object_new" => "the mapped class's new", "assoc_object_get" => "Object#[]",
      "assoc_object_set" => "Object#[]=", "assoc_object_unset" => "Object#unset"
    }.freeze
    # Classes whose methods keep the C name after the class's prefix (assoc_session_add -> Session#add).
    RUBY_CLASSES = { "session" => "Session", "query" => "Query", "registry" => "Registry", "engine" => "Engine",
                     "collection" => "Collection" }.freeze

    # message with each C function name in it replaced by the Ruby method's.
    def self.rubyish(message)
      return message unless message.include?("assoc_")

      message = message.gsub(/(\w+)\.(\w+) is a collection( proxy)?; (read|change) it (?:with|through) assoc_object_collection/) do
        "#{Regexp.last_match(1)}.#{Regexp.last_match(2)} is a collection#{Regexp.last_match(3)}; " \
          "#{Regexp.last_match(4)} it through #{Regexp.last_match(1)}##{Regexp.last_match(2)}"
      end
      message.gsub(/\bassoc_([a-z0-9_]+)/) do |c_name|
        rest = Regexp.last_match(1)
        RUBY_NAMES.fetch(c_name) do
          prefix, method = rest.split("_", 2)
          RUBY_CLASSES[prefix] && method ? "#{RUBY_CLASSES[prefix]}##{method}" : "Assoc::Core.#{rest}"
        end
      end
    end
  end

  # An error with no better code (ASSOC_ERROR).
  class GeneralError < StandardError; include Error; end
  # Out of memory (ASSOC_ENOMEM). Not Ruby's NoMemoryError, which `rescue`
  # without a class does not catch: a failed allocation in the library leaves
  # everything as it was and usable.
  class OutOfMemoryError < StandardError; include Error; CODE = Core::ASSOC_ENOMEM; end
  # A nil handle, a bad option or a bad argument (ASSOC_EINVAL): an ArgumentError.
  class InvalidArgumentError < ArgumentError; include Error; CODE = Core::ASSOC_EINVAL; end
  # An unknown table, column, mapper, attribute, key or member (ASSOC_ENOTFOUND):
  # a KeyError (DictCollection#fetch sets its #key and #receiver).
  class NotFoundError < KeyError; include Error; CODE = Core::ASSOC_ENOTFOUND; end
  # A value of the wrong type, or an operation the attribute's kind lacks (ASSOC_ETYPE): a TypeError.
  class TypeMismatchError < TypeError; include Error; CODE = Core::ASSOC_ETYPE; end
  # NOT NULL, UNIQUE, PRIMARY KEY or FOREIGN KEY violated.
  class ConstraintError < StandardError; include Error; CODE = Core::ASSOC_ECONSTRAINT; end
  # A registry that cannot be configured: missing or ambiguous keys.
  class ConfigError < StandardError; include Error; CODE = Core::ASSOC_ECONFIG; end
  # Use of a closed session or a disposed engine.
  class ClosedError < StandardError; include Error; CODE = Core::ASSOC_ECLOSED; end
  # A load on an object whose session has closed.
  class DetachedError < StandardError; include Error; CODE = Core::ASSOC_EDETACHED; end
  # The handle is in the wrong state for the call: a configured registry
  # changed, a deleted object written, a session needing a rollback (ASSOC_ESTATE).
  class StateError < StandardError; include Error; CODE = Core::ASSOC_ESTATE; end
  # The database failed for another reason (ASSOC_EDB).
  class DatabaseError < StandardError; include Error; CODE = Core::ASSOC_EDB; end
  # Query#one found no row.
  class NoResultError < StandardError; include Error; CODE = Core::ASSOC_ENORESULT; end
  # Query#one found several rows.
  class MultipleResultsError < StandardError; include Error; CODE = Core::ASSOC_EMULTIPLE; end
  # A callback failed without a Ruby exception of its own (it returned no object, ...).
  class CallbackError < StandardError; include Error; CODE = Core::ASSOC_ECALLBACK; end
  # An index out of range (ASSOC_ERANGE): an IndexError.
  class OutOfRangeError < IndexError; include Error; CODE = Core::ASSOC_ERANGE; end
  # A name that is already defined (ASSOC_EEXISTS).
  class AlreadyExistsError < StandardError; include Error; CODE = Core::ASSOC_EEXISTS; end
  # An object made without a session (Keyword.new(keyword: "x")) used where
  # it must be in one: add it to a session, or to a collection or
  # relationship of an object that is in one. A StateError (ASSOC_ESTATE).
  class NotInSessionError < StateError; end
  # A conflict with another transaction (a lock not granted in time, a serialization failure):
  # roll back and run it again.
  class RetryError < StandardError; include Error; CODE = Core::ASSOC_ERETRY; end
  # The running statement was interrupted (assoc_session_interrupt from another thread: ASSOC_EINTERRUPT).
  class InterruptError < StandardError; include Error; CODE = Core::ASSOC_EINTERRUPT; end

  [GeneralError, OutOfMemoryError, InvalidArgumentError, NotFoundError, TypeMismatchError, ConstraintError,
   ConfigError, ClosedError, DetachedError, StateError, DatabaseError, NoResultError, MultipleResultsError,
   CallbackError, OutOfRangeError, AlreadyExistsError, RetryError, InterruptError].each do |klass|
    Core.register_error_class(klass::CODE, klass)
  end
end
