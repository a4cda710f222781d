# frozen_string_literal: true

# Ruby's own conventions: inspect in Ruby's form, collection attributes that
# are the same object on each read, Array's and Set's operators, and ==
# symmetric with Array, Set and Hash.
require "helper"

class TestNative < Minitest::Test
  def setup
    @model, @session = open_model
    @user = @model.user.new(@session, name: "jek", age: 7)
    @session.add(@user)
    @post = @model.post.new(@session, title: "p")
    @user.posts << @post
    @user.keywords.push("a", "b", "c")
    @post.labels.merge(%w[x y])
    @session.commit
  end

  def teardown
    @session.close
  end

  def test_objects_inspect_as_ruby_shows_a_record
    assert_equal '#<User id: 1, name: "jek", age: 7, score: nil, active: true, born: nil, avatar: nil>', @user.inspect
    assert_equal '#<Post id: 1, title: "p", owner_id: 1>', @post.inspect
    assert_equal "<User 1>", @user.to_s, "to_s stays the core's short form"
    assert_equal "<User 1>", "#{@user}"
    fresh = @model.keyword.new(@session, keyword: "new")
    assert_equal '#<Keyword id: nil, keyword: "new">', fresh.inspect, "a transient object"
    assert_equal "[#{@user.kw[0].inspect}]", [@user.kw[0]].inspect, "inside an Array"
    assert_match(/\A\[#<Keyword id: 1, keyword: "a">, /, @user.kw.inspect)
  end

  def test_inspect_leaves_out_what_cannot_be_read
    @session.expire(@user)
    @session.close
    assert_equal "#<User id: 1>", @user.inspect, "a detached object, its columns expired but the key"
    assert_equal "<User 1>", @user.to_s
  end

  def test_collections_inspect_as_array_set_and_hash
    assert_equal '["a", "b", "c"]', @user.keywords.inspect
    assert_equal '#<Set: {"x", "y"}>', @post.labels.inspect
    tag = @post.tags_by_label["x"]
    assert_equal({ "x" => tag, "y" => @post.tags_by_label["y"] }.inspect, @post.tags_by_label.inspect)
    assert_match(/\A\{"x"=>#<Tag id: \d+, label: "x", post_id: 1>/, @post.tags_by_label.inspect)
  end

  def test_a_collection_attribute_is_the_same_object_on_each_read
    assert_same @user.keywords, @user.keywords
    assert_same @user.kw, @user.kw
    assert_same @user[:keywords], @user.keywords
    assert_same @post.labels, @post.labels
    assert_same @post.tags_by_label, @post.tags_by_label
    id = @user.keywords.object_id
    GC.start
    GC.compact if GC.respond_to?(:compact)
    assert_equal id, @user.keywords.object_id, "also across a garbage collection"
    fetched = @session.get(@model.user, 1)
    assert_same @user, fetched
    assert_same @user.keywords, fetched.keywords
    refute_same @user.keywords, @user.kw, "each attribute its own"
  end

  def test_a_proxy_class_wraps_each_collection_once
    wrapper = Class.new do
      attr_reader :view

      def initialize(view)
        @view = view
      end
    end
    registry = Assoc::Registry.new
    id_table(registry, "parent")
    id_table(registry, "child", "parent", name: :text)
    child = registry.mapper("Child", "child")
    parent = registry.mapper("Parent", "parent") do
      relationship :kids, "Child"
      association_proxy :names, :kids, :name, proxy_class: wrapper,
                                              creator: ->(owner, name) { child.new(owner.session, name: name) }
    end
    with_session(registry) do |session|
      p1 = parent.new(session)
      assert_instance_of wrapper, p1.names
      assert_same p1.names, p1.names
      assert_same p1.names.view, p1.names.view
    end
  end

  def test_list_operators_are_arrays
    list = @user.keywords
    assert_equal %w[a b c d], list + ["d"]
    assert_equal %w[a c], list - ["b"]
    assert_equal %w[b c], list & %w[c b z]
    assert_equal %w[a b c z], list | %w[c z]
    assert_equal %w[a b c a b c], list * 2
    assert_equal "a-b-c", list * "-"
    assert_equal %w[a b c a b c], list + list, "another list as the right-hand side"
    assert_equal [], list - list
    assert_equal %w[z a b c], ["z"] + list, "a list as Array's right-hand side"
    assert_equal ["z"], %w[z a] - list
    assert_instance_of Array, list | []
    assert_equal %w[a b c], list.to_a, "the operators change nothing"
    assert_raises(TypeError) { list + Set["d"] }
    @user.keywords += ["d"] # a whole-collection assignment
    assert_equal %w[a b c d], @user.keywords.to_a
    assert_same list, @user.keywords
  end

  def test_set_operators_are_sets
    labels = @post.labels
    assert_equal Set[*%w[x y z]], labels | ["z"]
    assert_equal Set[*%w[x y z]], labels + Set["z"]
    assert_equal Set["y"], labels & %w[y z]
    assert_equal Set["x"], labels - ["y"]
    assert_equal Set[*%w[x z]], labels ^ %w[y z]
    assert_equal Set[*%w[x y z]], Set["z"] | labels, "a set collection as Set's right-hand side"
    assert_equal Set["z"], Set[*%w[x z]] - labels
  end

  def test_equality_is_symmetric_with_array_set_and_hash
    list = @user.keywords
    labels = @post.labels
    dict = @post.tags_by_label
    hash = dict.to_h
    pairs = [
      [list, %w[a b c], true], [list, %w[c b a], false], [list, list, true], [list, Set[*%w[a b c]], false],
      [list, labels, false], [list, hash, false],
      [labels, Set[*%w[y x]], true], [labels, Set["x"], false], [labels, %w[x y], false], [labels, labels, true],
      [labels, hash, false],
      [dict, hash, true], [dict, {}, false], [dict, hash.to_a, false], [dict, Set[*hash.to_a], false], [dict, dict, true]
    ]
    pairs.each do |a, b, equal|
      assert_equal equal, a == b, "#{a.inspect} == #{b.inspect}"
      assert_equal equal, b == a, "#{b.inspect} == #{a.inspect}"
      assert_equal !equal, b != a, "#{b.inspect} != #{a.inspect}"
    end
    assert_equal %w[a b c], list, "minitest compares the Array with the list"
    assert_equal Set[*%w[x y]], labels
    assert_equal hash, dict
  end
end
