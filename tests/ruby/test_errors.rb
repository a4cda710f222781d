# frozen_string_literal: true

# The error contract: one class per core code, each a subclass of Ruby's own
# class of the same meaning and including the module Assoc::Error, carrying
# the code and the core's message (naming Ruby methods, never C functions);
# every kind of misuse raises one; and a failed call leaves the database and
# the session as they were.
require "helper"

class TestErrors < Minitest::Test
  # class => [its code, the Ruby class it is a kind of]
  CLASSES = {
    Assoc::GeneralError => [:ASSOC_ERROR, StandardError], Assoc::OutOfMemoryError => [:ASSOC_ENOMEM, StandardError],
    Assoc::InvalidArgumentError => [:ASSOC_EINVAL, ArgumentError], Assoc::NotFoundError => [:ASSOC_ENOTFOUND, KeyError],
    Assoc::TypeMismatchError => [:ASSOC_ETYPE, TypeError], Assoc::ConstraintError => [:ASSOC_ECONSTRAINT, StandardError],
    Assoc::ConfigError => [:ASSOC_ECONFIG, StandardError], Assoc::ClosedError => [:ASSOC_ECLOSED, StandardError],
    Assoc::DetachedError => [:ASSOC_EDETACHED, StandardError], Assoc::StateError => [:ASSOC_ESTATE, StandardError],
    Assoc::DatabaseError => [:ASSOC_EDB, StandardError], Assoc::NoResultError => [:ASSOC_ENORESULT, StandardError],
    Assoc::MultipleResultsError => [:ASSOC_EMULTIPLE, StandardError],
    Assoc::CallbackError => [:ASSOC_ECALLBACK, StandardError],
    Assoc::OutOfRangeError => [:ASSOC_ERANGE, IndexError], Assoc::AlreadyExistsError => [:ASSOC_EEXISTS, StandardError],
    Assoc::RetryError => [:ASSOC_ERETRY, StandardError],
    Assoc::InterruptError => [:ASSOC_EINTERRUPT, StandardError]
  }.freeze

  def test_one_class_per_code_each_a_ruby_class_and_an_assoc_error
    assert_instance_of Module, Assoc::Error
    CLASSES.each do |klass, (name, ruby_class)|
      assert_operator klass, :<, ruby_class
      assert_operator klass, :<, StandardError, "a bare rescue catches #{klass}"
      assert_includes klass.ancestors, Assoc::Error
      assert_equal Assoc::Core.const_get(name), klass::CODE
      error = klass.new("m")
      assert_kind_of Assoc::Error, error
      assert_equal name.to_s, error.code_name
      assert_equal klass::CODE, error.code
      assert_equal "m", error.message
    end
    assert_equal CLASSES.size, CLASSES.values.map(&:first).uniq.size
  end

  def test_raise_assoc_error_still_works
    error = assert_raises(Assoc::Error) { raise Assoc::Error, "plain" }
    assert_instance_of Assoc::GeneralError, error
    assert_equal "plain", error.message
    assert_equal Assoc::Core::ASSOC_ERROR, error.code
    assert_instance_of Assoc::GeneralError, Assoc::Error.new("x")
    assert_equal Assoc::Core::ASSOC_ERROR, Assoc::Error::CODE
  end

  # Each mapping provoked through the API: rescued by Ruby's class, by
  # Assoc::Error, and carrying the code and the message.
  def test_the_api_raises_rubys_own_classes
    model, session = open_model
    user = model.user.new(session, name: "jek")
    session.add(user)
    post = model.post.new(session, title: "p")
    user.posts << post
    session.commit

    # a missing key: KeyError, with the key and the dict
    error = ruby_error(KeyError, Assoc::NotFoundError) { post.tags_by_label.fetch("nope") }
    assert_equal "nope", error.key
    assert_same post.tags_by_label, error.receiver
    ruby_error(KeyError, Assoc::NotFoundError, /no attribute 'nope'/) { user[:nope] }
    ruby_error(KeyError, Assoc::NotFoundError) { user.keywords.remove("absent") }
    # a wrong type: TypeError
    ruby_error(TypeError, Assoc::TypeMismatchError, /age/) { user.age = "one" }
    ruby_error(TypeError, Assoc::TypeMismatchError) { session.add(42) }
    # a bad argument: ArgumentError
    ruby_error(ArgumentError, Assoc::InvalidArgumentError) { session.get(model.user) }
    ruby_error(ArgumentError, Assoc::InvalidArgumentError, /mysql/) { Assoc::Engine.new("mysql://x") }
    # an index out of range: IndexError
    ruby_error(IndexError, Assoc::OutOfRangeError, /outside a list of 0/) { user.keywords[5] = "x" }
    ruby_error(IndexError, Assoc::OutOfRangeError) { user.keywords.insert(3, "x") }
    # the rest: StandardError, and Assoc::Error
    ruby_error(StandardError, Assoc::NoResultError) { session.query(model.user).filter_by(name: "nobody").one }
    ruby_error(StandardError, Assoc::DatabaseError) { model.engine.execute("SELEC nonsense") }
    session.close
    ruby_error(StandardError, Assoc::ClosedError) { session.flush }
  end

  # The core's messages name C functions; those reaching Ruby name the Ruby method.
  def test_messages_name_ruby_methods_not_c_functions
    model, session = open_model
    user = model.user.new(session, name: "jek")
    assert_ruby_message(/\ASession#refresh: .*transient, not persistent/) { session.refresh(user) }
    assert_ruby_message(/\ASession#expire: /) { session.expire(user) }
    assert_ruby_message(/\ASession#get: User has a primary key of 1 column\(s\), 2 given/) { session.get(model.user, 1, 2) }
    assert_ruby_message(/Session#transaction: called from inside a run of the same session/) do
      session.transaction { session.transaction { nil } }
    end
    assert_ruby_message(/User.kw is a collection; read it through User#kw/) { Assoc::Core.object_get(user, "kw") }
    assert_ruby_message(/\ASession#delete: .* is not persisted in this session/) { session.delete(user) }
    other = Assoc::Session.new(model.engine, model.registry)
    assert_ruby_message(/\ASession#expunge: .* belongs to another session/) { other.expunge(user) }
    other.close
    session.close
  end

  def test_the_message_rewriting
    rewrite = Assoc::Error.method(:rubyish)
    assert_equal "Session#add: x", rewrite.call("assoc_session_add: x")
    assert_equal "Query#join first", rewrite.call("assoc_query_join_alias first")
    assert_equal "Assoc::Core.set_allocator: no", rewrite.call("assoc_set_allocator: no")
    assert_equal "A.b is a collection proxy; change it through A#b",
                 rewrite.call("A.b is a collection proxy; change it through assoc_object_collection")
    assert_equal "nothing to do", rewrite.call("nothing to do")
    assert_equal "Session#add: x", Assoc::StateError.new("assoc_session_add: x").message
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

  private

  # Assert block raises klass, which is a ruby_class and an Assoc::Error, and return it.
  def ruby_error(ruby_class, klass, message = nil, &block)
    error = assert_raises(ruby_class, &block)
    assert_instance_of klass, error
    assert_kind_of Assoc::Error, error
    assert_equal klass::CODE, error.code
    assert_match message, error.message if message
    begin
      block.call
    rescue Assoc::Error => e
      assert_instance_of klass, e, "rescue Assoc::Error catches it"
    end
    error
  end

  # Assert block raises an Assoc::Error whose message matches and names no C function.
  def assert_ruby_message(message, &block)
    error = assert_raises(Assoc::Error, &block)
    assert_match message, error.message
    refute_match(/assoc_/, error.message)
    error
  end
end
