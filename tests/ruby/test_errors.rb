# frozen_string_literal: true

# The error contract: one Assoc::Error subclass per core code, each carrying
# the code and the core's message; every kind of misuse raises one; and a
# failed call leaves the database and the session as they were.
require "helper"

class TestErrors < Minitest::Test
  CLASSES = {
    Assoc::Error => :ASSOC_ERROR, Assoc::OutOfMemoryError => :ASSOC_ENOMEM,
    Assoc::InvalidArgumentError => :ASSOC_EINVAL, Assoc::NotFoundError => :ASSOC_ENOTFOUND,
    Assoc::TypeMismatchError => :ASSOC_ETYPE, Assoc::ConstraintError => :ASSOC_ECONSTRAINT,
    Assoc::ConfigError => :ASSOC_ECONFIG, Assoc::ClosedError => :ASSOC_ECLOSED,
    Assoc::DetachedError => :ASSOC_EDETACHED, Assoc::StateError => :ASSOC_ESTATE,
    Assoc::DatabaseError => :ASSOC_EDB, Assoc::NoResultError => :ASSOC_ENORESULT,
    Assoc::MultipleResultsError => :ASSOC_EMULTIPLE, Assoc::CallbackError => :ASSOC_ECALLBACK,
    Assoc::OutOfRangeError => :ASSOC_ERANGE, Assoc::AlreadyExistsError => :ASSOC_EEXISTS,
    Assoc::RetryError => :ASSOC_ERETRY, Assoc::InterruptError => :ASSOC_EINTERRUPT
  }.freeze

  def test_one_class_per_code_under_assoc_error
    assert_operator Assoc::Error, :<, StandardError
    CLASSES.each do |klass, name|
      assert_operator klass, :<=, Assoc::Error
      assert_equal Assoc::Core.const_get(name), klass::CODE
      assert_equal name.to_s, klass.new("m").code_name
      assert_equal klass::CODE, klass.new("m").code
    end
    assert_equal CLASSES.size, CLASSES.values.uniq.size
    refute_equal ::RangeError, Assoc::OutOfRangeError.superclass, "no Ruby class is shadowed or reused"
  end

  def test_errors_from_the_core_carry_its_code_and_message
    model, session = open_model
    error = assert_raises(Assoc::DatabaseError) { model.engine.execute("SELEC nonsense") }
    assert_equal Assoc::Core::ASSOC_EDB, error.code
    assert_match(/syntax error/, error.message)
    assert_assoc_error(Assoc::DatabaseError, /SELECT \* FROM nope: no such table: nope/) do
      model.engine.scalar("SELECT * FROM nope")
    end
    session.close
  end

  def test_handles_of_the_wrong_kind_are_type_mismatches
    model, session = open_model
    assert_assoc_error(Assoc::TypeMismatchError, /expected an Assoc::Session, got String/) do
      model.user.new("not a session")
    end
    assert_assoc_error(Assoc::TypeMismatchError, /expected an Assoc::Object, got Integer/) { session.add(42) }
    assert_assoc_error(Assoc::TypeMismatchError, /expected an Assoc::Registry/) do
      Assoc::Session.new(model.engine, model.engine)
    end
    assert_assoc_error(Assoc::TypeMismatchError) { Assoc::Core.collection_len(session) }
    assert_assoc_error(Assoc::InvalidArgumentError, /NULL/) { session.add(nil) }
    session.close
  end

  def test_misuse_after_close_and_dispose
    model, session = open_model
    user = model.user.new(session, name: "jek")
    session.add(user)
    session.commit
    keywords = user.keywords
    session.close
    assert_assoc_error(Assoc::ClosedError) { session.flush }
    assert_assoc_error(Assoc::ClosedError) { session.get(model.user, 1) }
    assert_assoc_error(Assoc::DetachedError) { keywords << "x" }
    assert_assoc_error(Assoc::DetachedError) { keywords.size }
    model.engine.dispose
    assert_assoc_error(Assoc::ClosedError, /disposed/) { Assoc::Session.new(model.engine, model.registry) }
    assert_assoc_error(Assoc::ClosedError) { model.engine.create_all(model.registry) }
    model.engine.dispose # twice is fine
  end

  def test_bad_engine_urls
    assert_assoc_error(Assoc::InvalidArgumentError, /mysql/) { Assoc::Engine.new("mysql://x") }
    # a host that does not resolve: the message names host, port and database
    assert_assoc_error(Assoc::DatabaseError, /host x, port 5432/) { Assoc::Engine.new("postgres://x?connect_timeout=2") }
    error = assert_raises(Assoc::Error) do
      Assoc::Engine.new("sqlite:////no/such/dir/x.db").create_all(build_model.registry)
    end
    assert_operator error.code, :<, 0
  end

  def test_a_failed_operation_leaves_the_database_and_session_as_they_were
    model, session = open_model
    user = model.user.new(session, name: "jek", age: 1)
    session.add(user)
    user.keywords << "kept"
    session.commit
    before = [session.identity_count, session.new_count, session.dirty_count]
    assert_assoc_error(Assoc::TypeMismatchError) { user.keywords.push("ok", 12) }
    assert_assoc_error(Assoc::TypeMismatchError) { user.age = "one" }
    assert_assoc_error(Assoc::NotFoundError) { user.keywords.remove("absent") }
    assert_assoc_error(Assoc::TypeMismatchError) { user.keywords.replace(["ok", nil, 3]) }
    assert_equal ["kept"], user.keywords.to_a
    assert_equal 1, user.age
    assert_equal before, [session.identity_count, session.new_count, session.dirty_count]
    session.commit
    assert_equal 1, count_rows(model.engine, "user_keyword")
    session.close
  end

  def test_duplicate_primary_keys_fail_at_flush_and_roll_back_the_flush
    model, session = open_model
    session.add(model.user.new(session, name: "a"))
    session.commit
    session.add(model.user.new(session, name: "b"))
    session.add(clash = model.user.new(session, name: "c"))
    clash.id = 1
    assert_assoc_error(Assoc::ConstraintError) { session.flush }
    assert_equal 1, count_rows(model.engine, "user")
    clash.id = 7
    session.commit
    assert_equal 3, count_rows(model.engine, "user")
    session.close
  end
end
