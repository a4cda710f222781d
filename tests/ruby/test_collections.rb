# frozen_string_literal: true

# Collections and proxy views in their Ruby forms: a list proxy behaves as an
# Array, a set relationship's proxy as a Set, a dict as a Hash, and each
# change shows at once in the relationship underneath.
require "helper"

class TestCollections < Minitest::Test
  def setup
    @model, @session = open_model
    @user = @model.user.new(@session, name: "jek")
    @session.add(@user)
    @list = @user.keywords
  end

  def teardown
    @session.close
  end

  def words = @user.kw.map(&:keyword)

  # ---- lists ------------------------------------------------------------------

  def test_a_list_proxy_is_enumerable_and_array_like
    @list << "a" << "b"
    @list.push("c", "d")
    @list.concat(%w[e], ["f"])
    assert_equal %w[a b c d e f], @list.to_a
    assert_equal words, @list.to_a, "the relationship changed with it"
    assert_kind_of Enumerable, @list
    assert_equal 6, @list.size
    assert_equal 6, @list.length
    assert_equal %w[A B C D E F], @list.map(&:upcase)
    assert_equal %w[b d f], @list.select.with_index { |_, i| i.odd? }
    assert_equal [%w[a 0], %w[b 1]], @list.each_with_index.first(2).map { |w, i| [w, i.to_s] }
    assert @list.include?("c")
    refute @list.include?("z")
    assert_equal "a", @list.first
    assert_equal %w[e f], @list.last(2)
    assert_equal %w[a b c d e f].inspect, @list.inspect
    assert_equal @list.inspect, @list.to_s
    assert_equal %w[a b c d e f], @list
    refute_equal %w[a b], @list
    assert @list.proxy?
    refute @user.kw.proxy?
    assert_equal :list, @list.kind
    assert_same @user, @list.owner
  end

  def test_indexing_as_array_does
    @list.push(*%w[a b c d e])
    assert_equal "a", @list[0]
    assert_equal "e", @list[-1]
    assert_equal "d", @list[-2]
    assert_nil @list[5]
    assert_nil @list[-6]
    assert_equal %w[b c], @list[1, 2]
    assert_equal %w[b c d], @list[1..3]
    assert_equal %w[b c], @list[1...3]
    assert_equal %w[d e], @list[-2..]
    assert_equal %w[a b], @list[..1]
    assert_equal [], @list[5, 1]
    assert_nil @list[6, 1]
    assert_equal %w[d e], @list[3, 10]
    assert_equal %w[c], @list.slice(2, 1)
  end

  def test_assigning_by_index_and_range
    @list.push(*%w[a b c d])
    @list[0] = "A"
    @list[-1] = "D"
    @list[4] = "e" # appends
    assert_equal %w[A b c D e], @list.to_a
    @list[1..2] = %w[x y z]
    assert_equal %w[A x y z D e], @list.to_a
    @list[0, 2] = "only"
    assert_equal %w[only y z D e], @list.to_a
    assert_equal words, @list.to_a
    assert_assoc_error(Assoc::OutOfRangeError, /index 9 outside a list of 5/) { @list[9] = "far" }
    assert_assoc_error(Assoc::OutOfRangeError) { @list[-9] = "far" }
    assert_equal %w[only y z D e], @list.to_a
  end

  def test_insert_delete_pop_shift
    @list.push(*%w[a b c])
    @list.insert(1, "x", "y")
    @list.insert(-1, "end")
    @list.unshift("start")
    assert_equal %w[start a x y b c end], @list.to_a
    assert_equal "end", @list.pop
    assert_equal %w[b c], @list.pop(2)
    assert_equal "start", @list.shift
    assert_equal %w[a x], @list.shift(2)
    assert_equal %w[y], @list.to_a
    @list.push("q", "y", "r")
    assert_equal "y", @list.delete("y"), "removes every equal member"
    assert_equal %w[q r], @list.to_a
    assert_nil @list.delete("nope")
    assert_equal :none, @list.delete("nope") { :none }
    assert_equal "r", @list.delete_at(-1)
    assert_nil @list.delete_at(7)
    assert_assoc_error(Assoc::NotFoundError) { @list.remove("nope") }
    @list.remove("q")
    assert_empty @list
    assert_nil @list.pop
    assert_assoc_error(Assoc::OutOfRangeError) { @list.insert(3, "x") }
  end

  def test_index_count_slice_and_clear
    @list.push(*%w[a b a c])
    assert_equal 2, @list.index("a") && @list.index("a") + 2
    assert_equal 3, @list.index("c")
    assert_nil @list.index("z")
    assert_equal 1, @list.index { |w| w == "b" }
    assert_equal 2, @list.count("a")
    assert_equal 4, @list.count
    assert_equal 1, @list.count { |w| w == "c" }
    assert_equal %w[b a], @list.slice!(1, 2)
    assert_equal %w[a c], @list.to_a
    assert_equal "c", @list.slice!(-1)
    @list.clear
    assert_empty @list
    assert_empty @user.kw
  end

  def test_replace_and_whole_collection_assignment
    @list.push("a")
    @user.keywords = %w[x y]
    assert_equal %w[x y], @user.keywords.to_a
    @list.replace(%w[z])
    assert_equal %w[z], words
    @session.commit
    assert_equal 1, count_rows(@model.engine, "user_keyword")
  end

  def test_a_list_relationship_of_objects
    first = @model.post.new(@session, title: "first")
    second = @model.post.new(@session, title: "second")
    @user.posts << first
    @user.posts.insert(0, second)
    assert_equal [second, first], @user.posts.to_a
    assert_same @user, first.owner, "back_populates set the owner"
    assert_equal %w[second first], @user.post_titles.to_a
    @user.posts.delete(second)
    assert_nil second.owner
    @session.commit
    assert_equal [first], @user.posts.to_a
    assert_assoc_error(Assoc::TypeMismatchError) { @user.posts << "not a post" }
    assert_assoc_error(Assoc::TypeMismatchError) { @user.posts << @model.keyword.new(@session, keyword: "k") }
    assert_equal [first], @user.posts.to_a
  end

  # ---- sets -------------------------------------------------------------------

  def post_with_labels(*labels)
    post = @model.post.new(@session, title: "p", owner: @user)
    post.labels.merge(labels)
    post
  end

  def test_a_set_proxy_is_set_like
    post = post_with_labels("a", "b")
    labels = post.labels
    assert_kind_of Assoc::SetCollection, labels
    assert_equal :set, labels.kind
    labels << "c"
    labels.add("a")
    assert_equal 3, labels.size
    assert_nil labels.add?("b")
    assert_same labels, labels.add?("d")
    assert_equal Set["a", "b", "c", "d"], labels.to_set
    labels.delete("zzz")
    assert_nil labels.delete?("zzz")
    labels.delete("d")
    assert_assoc_error(Assoc::NotFoundError) { labels.remove("d") }
    assert_equal Set["a", "b", "c"], labels.to_set
    assert_equal Set["a", "b", "c"], post.tags.map(&:label).to_set, "the relationship changed with it"
    assert labels == Set["c", "b", "a"]
    refute labels == %w[a b c], "as Set#==, an Array is not a set"
    refute %w[a b c] == labels
    refute labels == Set["a"]
    assert_match(/\A#<Set: \{.*\}>\z/, labels.inspect)
  end

  def test_set_algebra_returns_sets_of_values
    labels = post_with_labels("a", "b", "c").labels
    assert_equal Set["a", "b", "c", "d"], labels | %w[c d]
    assert_equal Set["a", "b", "c", "d"], labels.union(Set["d"])
    assert_equal Set["b", "c"], labels & %w[b c z]
    assert_equal Set["a"], labels - %w[b c]
    assert_equal Set["a", "z"], labels ^ %w[b c z]
    assert_equal Set["a", "b", "c"], labels.to_set, "the operators change nothing"
  end

  def test_set_comparisons
    labels = post_with_labels("a", "b").labels
    assert labels.subset?(%w[a b c])
    assert labels <= %w[a b]
    assert labels < %w[a b c]
    refute labels < %w[a b]
    assert labels.superset?(%w[a])
    assert labels > %w[a]
    assert labels >= %w[a b]
    assert labels.disjoint?(%w[x y])
    assert labels.intersect?(%w[b x])
    assert labels.proper_superset?(["a"])
  end

  def test_in_place_set_updates
    labels = post_with_labels("a", "b", "c").labels
    labels.merge(%w[d], Set["e"])
    assert_equal Set[*%w[a b c d e]], labels.to_set
    labels.subtract(%w[a b])
    assert_equal Set[*%w[c d e]], labels.to_set
    labels.intersection_update(%w[c d x])
    assert_equal Set[*%w[c d]], labels.to_set
    labels.symmetric_difference_update(%w[d q])
    assert_equal Set[*%w[c q]], labels.to_set
    labels.replace(%w[only])
    assert_equal Set["only"], labels.to_set
    assert_assoc_error(Assoc::TypeMismatchError) { labels.merge(42) }
  end

  def test_a_set_relationship_of_objects
    post = @model.post.new(@session, title: "p")
    tag = @model.tag.new(@session, label: "x")
    post.tags << tag
    post.tags << tag
    assert_equal 1, post.tags.size
    assert post.tags.include?(tag)
    post.tags.delete(tag)
    assert_empty post.tags
  end

  # ---- dicts ------------------------------------------------------------------

  def test_a_dict_relationship_is_hash_like
    post = @model.post.new(@session, title: "p", owner: @user)
    @session.add(post)
    tags = post.tags_by_label
    assert_kind_of Assoc::DictCollection, tags
    red = @model.tag.new(@session, label: "red")
    tags << red
    blue = @model.tag.new(@session)
    tags["blue"] = blue
    assert_equal "blue", blue.label, "putting under a key sets the key attribute"
    assert_equal %w[red blue], tags.keys
    assert_equal [red, blue], tags.values
    assert_equal [["red", red], ["blue", blue]], tags.to_a
    assert_same red, tags["red"]
    assert_nil tags["green"]
    assert_same blue, tags.fetch("blue")
    assert_equal :default, tags.fetch("green", :default)
    assert_equal "green!", tags.fetch("green") { |k| "#{k}!" }
    assert_assoc_error(Assoc::NotFoundError) { tags.fetch("green") }
    assert tags.key?("red")
    assert tags.include?("blue")
    refute tags.key?("green")
    assert tags.value?(red)
    assert_equal "red", tags.key(red)
    assert_equal [red, nil], tags.values_at("red", "nope")
    assert_equal({ "red" => red, "blue" => blue }, tags.to_h)
    assert_equal [%w[red Tag], %w[blue Tag]], tags.map { |k, v| [k, v.class.mapper.name] }
    seen = []
    tags.each_pair { |k, v| seen << [k, v] }
    assert_equal tags.to_a, seen
    assert_equal %w[red blue], tags.each_key.to_a
    assert_same red, tags.delete("red")
    assert_nil tags.delete("red")
    assert_equal :absent, tags.delete("red") { :absent }
    @session.commit
    assert_equal ["blue"], tags.keys
  end

  def test_a_dict_proxy_is_hash_like
    reg = Assoc::Registry.new
    id_table(reg, "o")
    id_table(reg, "n", "o", k: :text, v: :integer)
    reg.mapper("N", "n")
    o = reg.mapper("O", "o") do
      relationship :ns, "N", dict_key: :k, cascade: "all, delete-orphan"
      association_proxy :vs, :ns, :v
    end
    with_session(reg) do |s, engine|
      obj = o.new(s, vs: { "a" => 1 })
      s.add(obj)
      vs = obj.vs
      vs["b"] = 2
      vs.store("c", 3)
      vs.update("d" => 4, "a" => 10)
      vs.merge!("e" => 5)
      assert_equal({ "a" => 10, "b" => 2, "c" => 3, "d" => 4, "e" => 5 }, vs.to_h)
      assert_equal 2, vs.fetch_or_store("b", 99)
      assert_equal 7, vs.setdefault("f", 7)
      assert_equal 7, vs["f"]
      assert_equal 3, vs.delete("c")
      assert vs.value?(4)
      assert_equal "d", vs.key(4)
      assert_equal({ "a" => 10, "b" => 2, "d" => 4, "e" => 5, "f" => 7 }, vs)
      assert_equal vs.to_h.inspect, vs.inspect
      assert_assoc_error(Assoc::TypeMismatchError) { vs.update("g" => "not an integer") }
      assert_equal 5, vs.size, "a failed update changes nothing"
      obj.vs = { "z" => 26 }
      assert_equal({ "z" => 26 }, vs.to_h)
      s.commit
      assert_equal 1, engine.scalar("SELECT count(*) FROM n")
    end
  end

  def test_operations_a_kind_lacks_are_type_mismatches
    assert_assoc_error(Assoc::TypeMismatchError) { Assoc::Core.collection_put(@list, "k", "v") }
    labels = post_with_labels("a").labels
    assert_assoc_error(Assoc::TypeMismatchError) { Assoc::Core.collection_insert(labels, 0, "b") }
    assert_assoc_error(Assoc::TypeMismatchError) { Assoc::Core.collection_get_slice(labels, 0, 1) }
  end
end
