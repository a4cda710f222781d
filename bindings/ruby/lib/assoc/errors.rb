# frozen_string_literal: true

module Assoc
  # Every error of the library: #code is the core's negative error code
  # (Assoc::Core::ASSOC_E...), #message the core's message, which names the
  # table, attribute or value involved. One subclass per code.
  class Error < StandardError
    CODE = Core::ASSOC_ERROR

    attr_reader :code

    def initialize(message = nil, code: nil)
      super(message)
      @code = code || self.class::CODE
    end

    # "ASSOC_ENOTFOUND"
    def code_name
      Core.error_name(code)
    end
  end

  class OutOfMemoryError < Error; CODE = Core::ASSOC_ENOMEM; end
  class InvalidArgumentError < Error; CODE = Core::ASSOC_EINVAL; end
  # An unknown table, column, mapper, attribute, key or member.
  class NotFoundError < Error; CODE = Core::ASSOC_ENOTFOUND; end
  # A value of the wrong type, or an operation the attribute's kind lacks.
  class TypeMismatchError < Error; CODE = Core::ASSOC_ETYPE; end
  # NOT NULL, UNIQUE, PRIMARY KEY or FOREIGN KEY violated.
  class ConstraintError < Error; CODE = Core::ASSOC_ECONSTRAINT; end
  # A registry that cannot be configured: missing or ambiguous keys.
  class ConfigError < Error; CODE = Core::ASSOC_ECONFIG; end
  # Use of a closed session or a disposed engine.
  class ClosedError < Error; CODE = Core::ASSOC_ECLOSED; end
  # A load on an object whose session has closed.
  class DetachedError < Error; CODE = Core::ASSOC_EDETACHED; end
  class StateError < Error; CODE = Core::ASSOC_ESTATE; end
  class DatabaseError < Error; CODE = Core::ASSOC_EDB; end
  # Query#one found no row.
  class NoResultError < Error; CODE = Core::ASSOC_ENORESULT; end
  # Query#one found several rows.
  class MultipleResultsError < Error; CODE = Core::ASSOC_EMULTIPLE; end
  # A callback failed without a Ruby exception of its own (it returned no object, ...).
  class CallbackError < Error; CODE = Core::ASSOC_ECALLBACK; end
  class OutOfRangeError < Error; CODE = Core::ASSOC_ERANGE; end
  class AlreadyExistsError < Error; CODE = Core::ASSOC_EEXISTS; end
  # A conflict with another transaction (a lock not granted in time, a serialization failure):
  # roll back and run it again.
  class RetryError < Error; CODE = Core::ASSOC_ERETRY; end

  [Error, OutOfMemoryError, InvalidArgumentError, NotFoundError, TypeMismatchError, ConstraintError,
   ConfigError, ClosedError, DetachedError, StateError, DatabaseError, NoResultError, MultipleResultsError,
   CallbackError, OutOfRangeError, AlreadyExistsError, RetryError].each do |klass|
    Core.register_error_class(klass::CODE, klass)
  end
end
