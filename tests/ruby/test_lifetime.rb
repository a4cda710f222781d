# frozen_string_literal: true

# Garbage collection and lifetimes: wrappers dropped in every order, a
# session closed under live wrappers, creators that nothing else refers to,
# heap compaction, GC.stress, and a process that exits with everything still
# alive. Nothing may crash, and what is still reachable keeps working.
require "helper"
require "open3"
require "rbconfig"

class TestLifetime < Minitest::Test
  def full_gc
    GC.start(full_mark: true, immediate_sweep: true)
  end

  # Everything a program holds: handles of each kind, made in a helper so
  # that no stray local of this frame keeps them alive.
  def make_world
    model, session = open_model
    user = model.user.new(session, name: "jek")
    session.add(user)
    user.keywords.push("a", "b")
    session.commit
    { registry: model.registry, engine: model.engine, session: session, user: user,
      keywords: user.keywords, kw: user.kw, keyword: user.kw[0], query: session.query(model.user),
      mapper: model.user.mapper, attr: model.user[:keywords], table: model.registry.find_table("user") }
  end

  # Use whatever is left, to show it still works.
  def exercise(world)
    assert_equal "jek", world[:user].name if world[:user]
    assert_equal %w[a b], world[:keywords].to_a if world[:keywords]
    assert_equal 2, world[:kw].size if world[:kw]
    assert_equal "a", world[:keyword].keyword if world[:keyword]
    assert_equal 1, world[:query].count if world[:query]
    assert_equal "User", world[:mapper].name if world[:mapper]
    assert_equal "User.keywords", world[:attr].to_s if world[:attr]
    assert_includes world[:table].column_names, "name" if world[:table]
    assert_equal 2, world[:engine].scalar("SELECT count(*) FROM user_keyword") if world[:engine]
    assert_equal 0, world[:session].new_count if world[:session]
  end

  def test_wrappers_dropped_in_every_order
    groups = [%i[registry mapper attr table], %i[engine], %i[session query], %i[user keywords kw keyword]]
    groups.permutation.each do |order|
      world = make_world
      order.each do |group|
        group.each { |key| world.delete(key) }
        full_gc
        exercise(world)
      end
    end
  end

  def test_a_session_closed_under_live_wrappers_leaves_them_detached
    world = make_world
    user = world[:user]
    keyword = world[:keyword]
    assert_equal "jek", user.name # loaded again after the commit expired it
    world[:session].close
    assert_predicate world[:session], :closed?
    assert_equal :detached, user.state
    assert_nil user.session
    assert_equal "jek", user.name, "columns stay readable"
    assert_equal "a", keyword.keyword
    assert_assoc_error(Assoc::DetachedError, /detached/) { user.kw.to_a }
    assert_assoc_error(Assoc::DetachedError) { user.name = "log" }
    assert_assoc_error(Assoc::ClosedError, /closed/) { world[:session].commit }
    assert_assoc_error(Assoc::ClosedError) { world[:query].all }
    world = { user: user, keyword: keyword }
    full_gc
    assert_equal "jek", user.name, "still readable after its session's wrapper is gone"
    assert_equal "<User 1>", user.to_s
    assert_equal '#<User id: 1, name: "jek", age: nil, score: nil, active: true, born: nil, avatar: nil>',
                 user.inspect, "a detached object inspects its loaded columns"
  end

  def test_objects_keep_their_session_open
    model = build_model
    model.engine = Assoc::Engine.new
    model.engine.create_all(model.registry)
    user = model.user.new(Assoc::Session.new(model.engine, model.registry), name: "jek")
    full_gc
    refute_predicate user.session, :closed?
    user.keywords << "still attached"
    assert_equal ["still attached"], user.kw.map(&:keyword)
  end

  # A creator lambda that nothing but the registry refers to.
  def registry_with_anonymous_creator(counter)
    registry = Assoc::Registry.new
    id_table(registry, "a")
    id_table(registry, "b", "a", v: :text)
    b = registry.mapper("B", "b")
    registry.mapper("A", "a") do
      relationship :bs, "B"
      association_proxy :vs, :bs, :v, creator: lambda { |owner, value|
        counter << value
        b.new(owner.session, v: value)
      }
    end
    registry.configure
  end

  def test_a_creator_nothing_else_refers_to_lives_as_long_as_its_registry
    counter = []
    registry = registry_with_anonymous_creator(counter)
    # watch the creator without holding it
    watch = ObjectSpace::WeakMap.new
    ObjectSpace.each_object(Proc) do |pr|
      watch[:creator] = pr if pr.lambda? && pr.source_location&.first == __FILE__ && pr.arity == 2
    end
    refute_nil watch[:creator]
    3.times do
      full_gc
      GC.compact
    end
    assert watch.key?(:creator), "the registry keeps its creator alive"
    with_session(registry) do |s|
      obj = registry[:A].new(s)
      obj.vs << "after gc"
      GC.compact
      obj.vs << "after compaction"
      assert_equal ["after gc", "after compaction"], counter
      assert_equal ["after gc", "after compaction"], obj.bs.map(&:v)
    end
  end

  def test_unreferenced_wrappers_are_collected
    model, session = open_model
    make_users(model, session, 2000)
    full_gc
    assert_operator ObjectSpace.each_object(model.user).count, :<, 200, "dropped wrappers are freed (and unpin)"
    assert_equal 2000, session.new_count, "their objects stay in the session"
    session.commit
    assert_equal 2000, session.query(model.user).count
    assert_operator session.query(model.user).all.size, :==, 2000
    20.times { Assoc::Session.new(model.engine, model.registry) }
    full_gc
    assert_operator ObjectSpace.each_object(Assoc::Session).count, :<, 10, "sessions nobody holds are freed"
    session.close
  end

  def make_users(model, session, count)
    count.times { |i| session.add(model.user.new(session, name: "u#{i}")) }
    nil
  end

  def test_heap_compaction_moves_nothing_the_core_needs
    world = make_world
    GC.verify_compaction_references(double_heap: true, toward: :empty)
    exercise(world)
    world[:keywords] << "c"
    world[:session].commit
    GC.compact
    assert_equal %w[a b c], world[:user].keywords.to_a
    assert_same world[:user], world[:query].first
  end

  def test_compaction_inside_a_creator_keeps_the_values_being_added
    compact = false
    model, session = open_model(creator: lambda { |owner, word|
      GC.compact if compact
      @model_keyword.new(owner.session, keyword: word)
    })
    @model_keyword = model.keyword
    user = model.user.new(session, name: "jek")
    compact = true
    words = Array.new(5) { |i| "w#{i}" } # short strings: embedded, so they move with their objects
    user.keywords.push(*words)
    user.keywords.concat(words.map { |w| "#{w}-long-enough-to-live-on-the-heap-#{'x' * 40}" })
    assert_equal words, user.keywords.first(5)
    assert_equal 10, user.keywords.size
    assert(user.keywords.last.end_with?("x" * 40))
    session.close
  end

  def test_gc_stress_in_small_doses
    model, session = open_model
    GC.stress = true
    begin
      user = model.user.new(session, name: "stress")
      session.add(user)
      user.keywords.push("x", "y")
      user.posts << model.post.new(session, title: "t")
      session.commit
      found = session.query(model.user).where(model.user[:keywords].contains("y")).all
    ensure
      GC.stress = false
    end
    assert_equal [user], found
    assert_equal %w[x y], user.keywords.to_a
    session.close
  end

  def test_the_same_row_gives_the_same_wrapper_while_it_lives
    model, session = open_model
    user = model.user.new(session, name: "jek")
    session.add(user)
    session.commit
    assert_same user, session.query(model.user).first
    assert_same user, session.get(model.user, 1)
    post = model.post.new(session, title: "t", owner: user)
    assert_same user, post.owner
    assert_same post, user.posts.first
    id = user.__id__
    user = post = nil # rubocop:disable Lint/UselessAssignment
    10.times { full_gc }
    again = session.query(model.user).first
    assert_equal "jek", again.name
    assert_equal again, session.get(model.user, 1)
    assert_equal again.hash, session.get(model.user, 1).hash
    refute_nil id
    session.close
  end

  def test_a_disposed_engine_leaves_its_sessions_working
    world = make_world
    world[:engine].dispose
    assert_assoc_error(Assoc::ClosedError, /disposed/) { world[:engine].url }
    world[:keywords] << "c"
    world[:session].commit
    assert_equal 3, world[:session].query(world[:registry][:Keyword]).count
    assert_match(/disposed/, world[:engine].inspect)
  end

  def run_ruby(script)
    libs = $LOAD_PATH.grep(%r{bindings/ruby/lib|tests/ruby})
    Open3.capture3(RbConfig.ruby, *libs.map { |l| "-I#{l}" }, "-e", script)
  end

  def test_a_process_exiting_with_everything_alive_exits_cleanly
    script = <<~RUBY
      require "model_helper"
      include ModelHelper
      $held = []
      3.times do
        model, session = open_model
        user = model.user.new(session, name: "jek")
        session.add(user)
        user.keywords.push("a", "b")
        session.flush
        detached_session = Assoc::Session.new(model.engine, model.registry)
        detached = model.user.new(detached_session, name: "gone")
        detached_session.close
        unused_core_expression = model.user[:keywords].contains("a").build
        $held << [model, session, user, user.keywords, user.kw.first, session.query(model.user),
                  model.user[:keywords].any, detached, unused_core_expression,
                  session.query(model.user).where(model.user[:kw].contains(user.kw.first))]
      end
      puts "done"
    RUBY
    out, err, status = run_ruby(script)
    assert_equal "done\n", out
    assert_equal "", err
    assert_predicate status, :success?
  end

  def test_a_process_exiting_under_gc_stress_with_live_wrappers_exits_cleanly
    out, err, status = run_ruby(<<~RUBY)
      require "model_helper"
      include ModelHelper
      model, session = open_model
      $user = model.user.new(session, name: "jek")
      $user.keywords << "a"
      GC.stress = true
      puts $user.keywords.to_a.inspect
    RUBY
    assert_equal %(["a"]\n), out
    assert_equal "", err
    assert_predicate status, :success?
  end
end
