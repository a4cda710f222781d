# frozen_string_literal: true

# Objects made without a session (Keyword.new(keyword: "x"), as
# ActiveRecord's): they keep their attributes, and join a session when added
# to one, when added to a collection or relationship of an object in one, or
# when a creator returns one.
require "helper"

class TestSessionless < Minitest::Test
  def test_an_object_made_without_a_session_keeps_its_attributes
    model, session = open_model
    keyword = model.keyword.new(keyword: "x")
    assert_predicate keyword, :unbound?
    assert_nil keyword.session
    assert_equal :transient, keyword.state
    assert_predicate keyword, :transient?
    refute_predicate keyword, :modified?
    assert_equal "x", keyword.keyword
    assert_equal "x", keyword[:keyword]
    assert_nil keyword.id
    keyword.keyword = "y"
    keyword[:id] = 5
    assert_equal "y", keyword.keyword
    assert_equal({ "id" => 5, "keyword" => "y" }, keyword.attributes)
    assert_equal '#<Keyword id: 5, keyword: "y">', keyword.inspect
    assert_equal "<Keyword None>", keyword.to_s
    assert_equal keyword, keyword
    refute_equal keyword, model.keyword.new(keyword: "y"), "two objects, though the same attributes"
    assert_equal 1, { keyword => 1 }.fetch(keyword)
    refute_includes session, keyword
    assert_assoc_error(Assoc::NotFoundError) { model.keyword.new(nope: 1) }
    session.close
  end

  def test_it_joins_a_session_when_added_to_it
    model, session = open_model
    user = model.user.new(name: "jek", age: 3)
    hash_before = user.hash
    session.add(user)
    refute_predicate user, :unbound?
    assert_same session, user.session
    assert_equal :pending, user.state
    assert_equal hash_before, user.hash, "a Hash key stays one"
    session.commit
    assert_same user, session.get(model.user, user.id), "the same Ruby object is the row's"
    assert_equal [["jek", 3]], [[user.name, user.age]]
    assert_equal 1, count_rows(model.engine, "user")
    assert_equal true, user.active, "the column's default, once in a session"
    session.close
  end

  def test_an_object_with_singleton_methods_joins_too
    model, session = open_model
    keyword = model.keyword.new(keyword: "s")
    def keyword.extra = 1
    session.add(keyword)
    session.commit
    assert_equal ["s", 1], [keyword.keyword, keyword.extra]
    assert_assoc_error(Assoc::StateError, /in a session already/) { Assoc::Core.object_bind(keyword, session) }
    session.close
  end

  def test_it_joins_a_session_through_a_collection_or_relationship
    model, session = open_model
    user = model.user.new(session, name: "jek")
    session.add(user)
    user.kw << model.keyword.new(keyword: "a")
    user.kw.push(model.keyword.new(keyword: "b"), model.keyword.new(keyword: "c"))
    user.kw.insert(0, model.keyword.new(keyword: "z"))
    user.kw[4] = model.keyword.new(keyword: "d")
    post = model.post.new(title: "p")
    post.owner = user # a scalar relationship of an object in no session: kept
    user.posts << post
    post.tags_by_label["red"] = model.tag.new(label: "red")
    post.tags << model.tag.new(label: "blue")
    assert_equal %w[z a b c d], user.keywords.to_a
    session.commit
    assert_equal %w[a b c d z], user.keywords.to_a.sort
    assert_equal ["p"], user.post_titles.to_a
    assert_same user, post.owner
    assert_equal Set["red", "blue"], post.labels.to_set
    assert_equal 5, count_rows(model.engine, "keyword")
    session.close
  end

  def test_every_way_of_adding_members_joins_them
    model, session = open_model
    user = model.user.new(session, name: "jek")
    session.add(user)
    word = ->(w) { model.keyword.new(keyword: w) }
    user.kw.concat([word["a"]], [word["b"]])
    user.kw.insert(1, word["c"], word["d"])
    user.kw.unshift(word["e"])
    user.kw[1, 0] = [word["f"]]
    user.kw.replace(user.kw.to_a + [word["g"]])
    assert_equal %w[e f a c d b g], user.keywords.to_a
    set_post = model.post.new(session, title: "set")
    dict_post = model.post.new(session, title: "dict")
    session.add(set_post, dict_post)
    set_post.tags.merge([model.tag.new(label: "x")], Set[model.tag.new(label: "y")])
    set_post.tags.add(model.tag.new(label: "z"))
    assert_equal Set[*%w[x y z]], set_post.labels.to_set
    dict_post.tags_by_label.update("r" => model.tag.new(label: "r"))
    dict_post.tags_by_label << model.tag.new(label: "s")
    dict_post.tags_by_label.fetch_or_store("t", model.tag.new(label: "t"))
    assert_equal %w[r s t], dict_post.tags_by_label.keys
    other = model.post.new(session, title: "other")
    session.add(other)
    other.tags_by_label = { "q" => model.tag.new(label: "q") }
    other.tags = Set[model.tag.new(label: "w")]
    session.commit
    assert_equal 7, count_rows(model.engine, "keyword")
    assert_equal 8, count_rows(model.engine, "tag")
    session.close
  end

  def test_a_scalar_relationship_takes_an_object_in_no_session
    model, session = open_model
    user = model.user.new(session, name: "jek")
    session.add(user)
    post = model.post.new(session, title: "p")
    session.add(post)
    post.owner = model.user.new(name: "other")
    session.commit
    assert_equal "other", post.owner.name
    assert_equal 2, count_rows(model.engine, "user")
    session.close
  end

  def test_a_creator_returns_an_object_made_without_a_session
    keyword_class = nil
    model, session = open_model(creator: ->(_owner, word) { keyword_class.new(keyword: word) })
    keyword_class = model.keyword
    user = model.user.new(session, name: "jek")
    session.add(user)
    user.keywords << "a" << "b"
    session.commit
    assert_equal %w[a b], user.keywords.to_a
    assert(user.kw.all? { |k| k.session.equal?(session) })
    session.close
  end

  def test_a_collection_assigned_before_joining
    model, session = open_model
    user = model.user.new(name: "jek")
    user.kw = [model.keyword.new(keyword: "a")]
    user[:posts] = [model.post.new(title: "p")]
    session.add(user)
    assert_equal ["a"], user.keywords.to_a
    assert_equal ["p"], user.post_titles.to_a
    session.commit
    assert_equal 1, count_rows(model.engine, "keyword")
    session.close
  end

  def test_nested_objects_join_together
    registry = Assoc::Registry.new
    id_table(registry, "parent", nil, name: :text)
    id_table(registry, "child", "parent", name: :text)
    child = registry.mapper("Child", "child") { relationship :parent, "Parent", back_populates: :children }
    parent = registry.mapper("Parent", "parent") { relationship :children, "Child", back_populates: :parent }
    with_session(registry) do |session, engine|
      kid = child.new(name: "k", parent: parent.new(name: "p", children: [child.new(name: "sibling")]))
      assert_predicate kid.parent, :unbound?
      session.add(kid)
      session.commit
      assert_equal "p", kid.parent.name
      assert_equal %w[k sibling], kid.parent.children.map(&:name).sort
      assert_equal 2, count_rows(engine, "child")
    end
  end

  def test_what_needs_a_session_says_so
    model, session = open_model
    keyword = model.keyword.new(keyword: "x")
    error = assert_assoc_error(Assoc::NotInSessionError, /this User is in no session yet: add it to one \(Session#add\)/) do
      model.user.new(name: "jek").keywords
    end
    assert_kind_of Assoc::StateError, error
    assert_kind_of Assoc::Error, error
    assert_equal Assoc::Core::ASSOC_ESTATE, error.code
    assert_assoc_error(Assoc::NotInSessionError) { session.delete(keyword) }
    assert_assoc_error(Assoc::NotInSessionError) { session.expire(keyword) }
    user = model.user.new(session, name: "jek")
    session.close
    # an object of a closed session cannot take one in no session
    assert_raises(Assoc::Error) { user.kw << keyword }
    assert_predicate keyword, :unbound?
  end
end
