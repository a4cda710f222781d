# frozen_string_literal: true

# Ruby callables as proxy creators, called by the core through a libffi
# closure: every form of callable, the arguments each kind of proxy passes,
# and failure: a creator that raises, throws, breaks or returns the wrong
# thing leaves the proxy as it was, and the program sees its own exception.
require "helper"

class TestCreators < Minitest::Test
  class Boom < StandardError; end

  def teardown
    @session&.close
  end

  def user_with_keywords(creator: nil)
    @model, @session = open_model(creator: creator)
    user = @model.user.new(@session, name: "jek")
    @session.add(user)
    user
  end

  def test_a_lambda_creator_gets_the_owner_and_the_value
    seen = []
    keyword = nil
    user = user_with_keywords(creator: lambda { |owner, value|
      seen << [owner, value]
      keyword.new(owner.session, keyword: value.upcase)
    })
    keyword = @model.keyword
    user.keywords << "snack-ninja"
    assert_equal [[user, "snack-ninja"]], seen
    assert_same user, seen[0][0], "the owner is the program's own wrapper"
    assert_equal ["SNACK-NINJA"], user.keywords.to_a
    assert_equal ["SNACK-NINJA"], user.kw.map(&:keyword)
  end

  def test_a_block_a_method_and_any_callable_serve_as_creators
    registry = build_model.registry
    factory = Class.new do
      def initialize(keyword) = (@keyword = keyword)
      def call(owner, value) = @keyword.new(owner.session, keyword: "#{value}!")
      def make(owner, value) = @keyword.new(owner.session, keyword: "#{value}?")
    end
    reg = Assoc::Registry.new
    id_table(reg, "a")
    id_table(reg, "k", "a", keyword: :text)
    k = reg.mapper("K", "k")
    maker = factory.new(k)
    a = reg.mapper("A", "a") do
      relationship :ks, "K"
      association_proxy(:by_block, :ks, :keyword) { |owner, value| k.new(owner.session, keyword: "#{value}.") }
      association_proxy :by_object, :ks, :keyword, creator: maker
      association_proxy :by_method, :ks, :keyword, creator: maker.method(:make)
    end
    with_session(reg) do |s|
      obj = a.new(s)
      obj.by_block << "x"
      obj.by_object << "y"
      obj.by_method << "z"
      assert_equal ["x.", "y!", "z?"], obj.ks.map(&:keyword)
    end
    assert registry.configured?
  end

  def test_a_creator_cannot_close_the_session_whose_operation_called_it
    refused = nil
    keyword = nil
    user = user_with_keywords(creator: lambda { |owner, value|
      begin
        owner.session.close
      rescue Assoc::StateError => e
        refused = e
      end
      keyword.new(owner.session, keyword: value)
    })
    keyword = @model.keyword
    user.keywords << "x"
    assert_kind_of Assoc::StateError, refused
    assert_match(/callback/, refused.message)
    refute @session.closed?
    @session.commit
    assert_equal ["x"], user.keywords.to_a
  end

  def test_a_dict_creator_gets_the_key_too
    reg = Assoc::Registry.new
    id_table(reg, "owner")
    id_table(reg, "note", "owner", name: :text, body: :text)
    note = reg.mapper("Note", "note")
    calls = []
    owner = reg.mapper("Owner", "owner") do
      relationship :notes, "Note", dict_key: :name
      association_proxy :bodies, :notes, :body, creator: lambda { |o, key, value|
        calls << [key, value]
        note.new(o.session, name: key, body: value)
      }
    end
    with_session(reg) do |s|
      o = owner.new(s)
      o.bodies["a"] = "first"
      o.bodies.update("b" => "second")
      assert_equal [%w[a first], %w[b second]], calls
      assert_equal({ "a" => "first", "b" => "second" }, o.bodies.to_h)
      assert_equal %w[a b], o.notes.keys
    end
  end

  def test_a_dict_creator_lambda_of_key_and_value_alone
    reg = Assoc::Registry.new
    id_table(reg, "owner")
    id_table(reg, "note", "owner", name: :text, body: :text)
    note = reg.mapper("Note", "note")
    owner = reg.mapper("Owner", "owner") do
      relationship :notes, "Note", dict_key: :name
      association_proxy :bodies, :notes, :body, creator: ->(key, value) { note.new(name: key, body: value) }
    end
    with_session(reg) do |s|
      o = owner.new(s)
      s.add(o)
      o.bodies["a"] = "first"
      s.commit
      assert_equal({ "a" => "first" }, o.bodies.to_h)
      assert_equal 1, s.query(note).count
    end
  end

  def test_a_creator_that_raises_leaves_the_proxy_unchanged_and_its_exception_is_raised
    boom = Boom.new("no keywords on Tuesdays")
    fail_now = false
    keyword = nil
    user = user_with_keywords(creator: lambda { |owner, value|
      raise boom if fail_now

      keyword.new(owner.session, keyword: value)
    })
    keyword = @model.keyword
    user.keywords << "a"
    fail_now = true
    new_before = @session.new_count
    raised = assert_raises(Boom) { user.keywords << "b" }
    assert_same boom, raised, "the very exception object the creator raised"
    assert_equal ["a"], user.keywords.to_a
    assert_equal 1, user.kw.size
    assert_equal new_before, @session.new_count, "no half-made Keyword joined the unit of work"
    assert_raises(Boom) { user.keywords.push("c", "d") }
    assert_raises(Boom) { user.keywords.replace(%w[x y]) }
    assert_raises(Boom) { user.keywords.insert(0, "z") }
    assert_equal ["a"], user.keywords.to_a
    fail_now = false
    user.keywords << "e"
    @session.commit
    assert_equal %w[a e], user.keywords.to_a
    assert_equal 2, count_rows(@model.engine, "user_keyword")
  end

  def test_the_exception_keeps_its_backtrace_through_the_core
    user = user_with_keywords(creator: ->(_owner, _value) { raise Boom, "deep" })
    error = assert_raises(Boom) { user.keywords << "x" }
    assert_equal "deep", error.message
    assert(error.backtrace.any? { |line| line.include?("test_creators.rb") })
  end

  def test_any_exception_class_even_non_standard_errors_comes_back
    user = user_with_keywords(creator: ->(_owner, _value) { raise NotImplementedError, "later" })
    assert_raises(NotImplementedError) { user.keywords << "x" }
    assert_empty user.keywords
  end

  def test_a_creator_that_throws_or_breaks_becomes_a_callback_error
    user = user_with_keywords(creator: ->(_owner, _value) { throw :out })
    caught = catch(:out) do
      assert_assoc_error(Assoc::CallbackError, /creator of User.keywords left by throw/) { user.keywords << "x" }
      :not_thrown
    end
    assert_equal :not_thrown, caught, "the throw never unwound through the core"
    assert_empty user.keywords
  end

  def test_a_proc_creator_returning_from_a_live_method_is_stopped_at_the_core
    user = user_with_keywords(creator: ->(owner, value) { @hook.call(owner, value) })
    assert_equal :kept_going, append_with_returning_hook(user)
    assert_empty user.keywords
  end

  # The hook's return targets this method, which is still running: it would
  # unwind through the core's frames unless the dispatcher stopped it.
  def append_with_returning_hook(user)
    @hook = proc { |_owner, _value| return :escaped }
    assert_assoc_error(Assoc::CallbackError, /left by throw, break or return/) { user.keywords << "x" }
    :kept_going
  end

  def test_an_orphaned_return_is_the_local_jump_error_ruby_raises
    user = user_with_keywords(creator: orphan_proc)
    assert_raises(LocalJumpError) { user.keywords << "x" }
    assert_empty user.keywords
  end

  def orphan_proc
    proc { |_owner, _value| return :escaped }
  end

  def test_a_creator_returning_no_object_or_a_wrong_one_is_a_callback_error
    results = [nil, "a string", 42]
    user = user_with_keywords(creator: ->(_owner, _value) { results.first })
    assert_assoc_error(Assoc::CallbackError, /the creator of User.keywords returned nil; expected an Assoc::Object/) do
      user.keywords << "x"
    end
    results.shift
    assert_assoc_error(Assoc::CallbackError, /returned String/) { user.keywords << "x" }
    results.replace([@model.post.new(@session, title: "not a keyword")])
    assert_assoc_error(Assoc::CallbackError, /returned a Post.*expected a Keyword/) { user.keywords << "x" }
    assert_empty user.keywords
  end

  def test_a_creator_making_its_object_in_another_session_is_refused
    other = nil
    user = user_with_keywords(creator: ->(_owner, value) { @model.keyword.new(other, keyword: value) })
    other = Assoc::Session.new(@model.engine, @model.registry)
    assert_assoc_error(Assoc::CallbackError, /of another session/) { user.keywords << "x" }
    assert_empty user.keywords
    other.close
  end

  def test_a_creator_lambda_of_the_value_alone
    user = user_with_keywords(creator: ->(value) { @model.keyword.new(keyword: value) })
    user.keywords << "x"
    assert_equal ["x"], user.keywords.to_a
    assert_same user.session, user.kw[0].session
  end

  def test_a_creator_with_the_wrong_arity_raises_argument_error
    user = user_with_keywords(creator: ->(_owner, _value, _extra) { nil })
    error = assert_raises(ArgumentError) { user.keywords << "x" }
    assert_match(/wrong number of arguments/, error.message)
    assert_empty user.keywords
  end

  def test_nested_creators_each_raise_their_own_exception_through_two_core_calls
    inner = Boom.new("inner")
    reg = Assoc::Registry.new
    id_table(reg, "a")
    id_table(reg, "b", "a", name: :text)
    id_table(reg, "c", "b", name: :text)
    c = reg.mapper("C", "c")
    b = reg.mapper("B", "b") do
      relationship :cs, "C"
      association_proxy(:c_names, :cs, :name) { |_o, _v| raise inner }
    end
    a = reg.mapper("A", "a") do
      relationship :bs, "B"
      # this creator appends through B's failing creator: the inner exception crosses two core calls
      association_proxy(:b_names, :bs, :name) do |owner, value|
        made = b.new(owner.session, name: value)
        made.c_names << value
        made
      end
    end
    with_session(reg) do |s|
      obj = a.new(s)
      raised = assert_raises(Boom) { obj.b_names << "x" }
      assert_same inner, raised
      assert_empty obj.bs
      assert_equal 0, s.query(c).count
    end
  end

  def test_a_failing_creator_inside_a_dict_update_changes_nothing
    reg = Assoc::Registry.new
    id_table(reg, "o")
    id_table(reg, "n", "o", k: :text, v: :text)
    n = reg.mapper("N", "n")
    o = reg.mapper("O", "o") do
      relationship :ns, "N", dict_key: :k
      association_proxy(:vs, :ns, :v) do |owner, key, value|
        raise Boom, "no #{value}" if value == "bad"

        n.new(owner.session, k: key, v: value)
      end
    end
    with_session(reg) do |s|
      obj = o.new(s)
      obj.vs["keep"] = "kept"
      assert_raises(Boom) { obj.vs.update("x" => "fine", "y" => "bad") }
      assert_equal({ "keep" => "kept" }, obj.vs.to_h)
      assert_raises(Boom) { obj.vs.replace("z" => "bad") }
      assert_equal({ "keep" => "kept" }, obj.vs.to_h)
    end
  end

  def test_proxy_bulk_set_replaces_whole_collection_assignment
    calls = []
    reg = Assoc::Registry.new
    id_table(reg, "o")
    id_table(reg, "n", "o", v: :text)
    n = reg.mapper("N", "n")
    o = reg.mapper("O", "o") do
      relationship :ns, "N"
      association_proxy :vs, :ns, :v, creator: ->(owner, value) { n.new(owner.session, v: value) },
                                      proxy_bulk_set: lambda { |view, values|
                                        calls << values
                                        values.reverse_each { |value| view << value }
                                      }
    end
    with_session(reg) do |s|
      obj = o.new(s)
      obj.vs = %w[a b c]
      assert_equal [%w[a b c]], calls
      assert_equal %w[c b a], obj.vs.to_a
    end
  end

  class RudeBoom < StandardError
    def message = raise(ArgumentError, "no message for you")
  end

  def test_an_exception_whose_message_raises_still_comes_back_itself
    rude = RudeBoom.new
    user = user_with_keywords(creator: ->(_owner, _value) { raise rude })
    raised = assert_raises(RudeBoom) { user.keywords << "x" }
    assert_same rude, raised
    assert_empty user.keywords
  end

  # An exception whose #message lets other threads run: the binding asks for
  # it while the failed core call is still on the stack.
  class SlowBoom < StandardError
    def message
      sleep 0.02
      super
    end
  end

  def test_a_pending_exception_stays_with_its_own_thread
    boom = SlowBoom.new("thread a")
    user = user_with_keywords(creator: ->(_owner, value) { value == "fail" ? raise(boom) : nil })
    other = Assoc::Session.new(@model.engine, @model.registry)
    busy = Thread.new do
      # plain core calls in another session meanwhile: none may raise thread a's exception
      200.times { @model.user.new(other, name: "b").age = 1 }
      :clean
    end
    raised = assert_raises(SlowBoom) { user.keywords << "fail" }
    assert_same boom, raised
    assert_equal :clean, busy.value
    other.close
  end

  def test_unique_proxies_reuse_objects_before_calling_the_creator
    model, session = open_model
    @session = session
    jek = model.user.new(session, name: "jek")
    log = model.user.new(session, name: "log")
    session.add(jek, log)
    jek.keywords << "x"
    log.keywords << "x"
    assert_equal 1, @creator_calls, "the second user reuses the first one's Keyword"
    assert_same jek.kw[0], log.kw[0]
    session.commit
    Assoc::Session.open(model.engine, model.registry) do |later|
      ann = model.user.new(later, name: "ann")
      later.add(ann)
      ann.keywords << "x" # found in the database
      later.commit
    end
    assert_equal 1, @creator_calls
    assert_equal 1, count_rows(model.engine, "keyword")
    assert_equal 3, count_rows(model.engine, "user_keyword")
  end
end
