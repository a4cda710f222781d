# frozen_string_literal: true

module Assoc
  # Every error of the library: #code is the core's negative error code
  # (Assoc::Core::ASSOC_E...), #message the core's message, which names the
  # table, attribute or value involved. One subclass per code.
  class Error < StandardError
    CODE = Core::ASSOC_ERROR

    # The core's negative ASSOC_E... code.
    attr_reader :code

    # @param message [String] the core's message, naming what was wrong
    # @param code [Integer] the ASSOC_E... code; the class's CODE when nil
    def initialize(message = nil, code: nil)
      super(message)
      @code = code || self.class::CODE
    end

    # "ASSOC_ENOTFOUND"
    def code_name
      Core.error_name(code)
    end
  end

  # Out of memory (ASSOC_ENOMEM).
  class OutOfMemoryError < Error; CODE = Core::ASSOC_ENOMEM; end
  # A nil handle, a bad option or a bad argument (ASSOC_EINVAL).
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
  # The handle is in the wrong state for the call: a configured registry
  # changed, a deleted object written, a session needing a rollback (ASSOC_ESTATE).
  class StateError < Error; CODE = Core::ASSOC_ESTATE; end
  # The database failed for another reason (ASSOC_EDB).
  class DatabaseError < Error; CODE = Core::ASSOC_EDB; end
  # Query#one found no row.
  class NoResultError < Error; CODE = Core::ASSOC_ENORESULT; end
  # Query#one found several rows.
  class MultipleResultsError < Error; CODE = Core::ASSOC_EMULTIPLE; end
  # A callback failed without a Ruby exception of its own (it returned no object, ...).
  class CallbackError < Error; CODE = Core::ASSOC_ECALLBACK; end
  # An index out of range (ASSOC_ERANGE).
  class OutOfRangeError < Error; CODE = Core::ASSOC_ERANGE; end
  # A name that is already defined (ASSOC_EEXISTS).
  class AlreadyExistsError < Error; CODE = Core::ASSOC_EEXISTS; end
  # A conflict with another transaction (a lock not granted in time, a serialization failure):
  # roll back and run it again.
  class RetryError < Error; CODE = Core::ASSOC_ERETRY; end
  # The running statement was interrupted (assoc_session_interrupt, ASSOC_EINTERRUPT).
  class InterruptError < Error; CODE = Core::ASSOC_EINTERRUPT; end

  [Error, OutOfMemoryError, InvalidArgumentError, NotFoundError, TypeMismatchError, ConstraintError,
   ConfigError, ClosedError, DetachedError, StateError, DatabaseError, NoResultError, MultipleResultsError,
   CallbackError, OutOfRangeError, AlreadyExistsError, RetryError, InterruptError].each do |klass|
    Core.register_error_class(klass::CODE, klass)
  end
end
