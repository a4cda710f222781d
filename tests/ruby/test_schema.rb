# frozen_string_literal: true

# Defining models from Ruby: column options, constraints, naming conventions,
# relationship and proxy options, the generated readers and writers, and
# introspection of mappers and attributes.
require "helper"

class TestSchema < Minitest::Test
  def test_column_options_reach_the_database
    reg = Assoc::Registry.new
    reg.naming_convention(:fk, "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s")
    reg.naming_convention(:uq, "uq_%(table_name)s_%(column_0_name)s")
    reg.table("parent") do |t|
      t.column :a, :integer, primary_key: true
      t.column :b, :integer, primary_key: true
    end
    child = reg.table("child") do
      column :id, :integer, primary_key: true
      column :code, :text, nullable: false, unique: true, index: true
      column :size, :numeric, default: 1
      column :pa, :integer
      column :pb, :integer
      foreign_key %i[pa pb], "parent", %i[a b], on_delete: :cascade
      unique %i[pa code], name: "uq_pair"
    end
    reg.mapper("Parent", "parent")
    reg.mapper("Child", "child")
    assert_equal %w[id code size pa pb], child.column_names
    assert_equal :numeric, child.column_type(:size)
    assert_equal "fk_child_pa_parent", child.constraint_name(:fk, :pa)
    assert_equal "uq_child_code", child.constraint_name(:uq, :code)
    assert_match(/Assoc::Table child/, child.inspect)
    with_session(reg) do |s, engine|
      ddl = engine.scalar("SELECT sql FROM sqlite_master WHERE name = 'child'")
      assert_match(/fk_child_pa_parent FOREIGN KEY ?\(pa, pb\) REFERENCES parent ?\(a, b\) ON DELETE CASCADE/, ddl)
      assert_match(/uq_pair/, ddl)
      assert_equal 1, engine.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND sql LIKE '%code%'")
      s.add(reg[:Parent].new(s, a: 1, b: 2))
      s.add(reg[:Child].new(s, code: "x", pa: 1, pb: 2))
      s.commit
      assert_equal 1, engine.scalar("SELECT size FROM child")
      s.add(reg[:Child].new(s, code: "x"))
      assert_assoc_error(Assoc::ConstraintError, /UNIQUE/) { s.commit }
    end
  end

  def test_definition_errors_name_what_was_wrong
    reg = Assoc::Registry.new
    reg.table("t") { |t| t.column :id, :integer, primary_key: true }
    assert_assoc_error(Assoc::AlreadyExistsError, /t/) { reg.table("t") }
    assert_assoc_error(Assoc::InvalidArgumentError, /unknown column type :varchar/) do
      reg.table("u") { |t| t.column :x, :varchar }
    end
    assert_assoc_error(Assoc::InvalidArgumentError, /on_delete action :explode/) do
      reg.table("v") { |t| t.column :x, :integer, foreign_key: "t.id", on_delete: :explode }
    end
    assert_raises(ArgumentError) { reg.table("w") { |t| t.column :x, :integer, colour: "red" } }
    assert_assoc_error(Assoc::NotFoundError) { reg.find_table("nope") }
    assert_assoc_error(Assoc::NotFoundError, /no mapper "Nope"/) { reg[:Nope] }
    assert_assoc_error(Assoc::InvalidArgumentError) do
      reg.find_table("t").foreign_key(%i[a b], "t", %i[id])
    end
    m = reg.mapper("T", "t") { relationship :others, "Missing" }
    assert_assoc_error(Assoc::ConfigError, /Missing/) { reg.configure }
    refute reg.configured?
    assert_assoc_error(Assoc::StateError, /not configured/) { m[:id] }
    assert_assoc_error(Assoc::InvalidArgumentError, /unknown lazy :sometimes/) do
      m.relationship :x, "T", lazy: :sometimes
    end
    assert_assoc_error(Assoc::InvalidArgumentError, /not both/) do
      m.association_proxy(:p, :others, :id, creator: ->(_o, _v) {}) { |_o, _v| nil }
    end
    assert_assoc_error(Assoc::TypeMismatchError, /must answer #call/) do
      m.association_proxy(:q, :others, :id, creator: "not callable")
    end
  end

  def test_relationship_options
    reg = Assoc::Registry.new
    reg.table("a") { |t| t.column :id, :integer, primary_key: true }
    reg.table("b") do |t|
      t.column :id, :integer, primary_key: true
      t.column :n, :integer
      t.column :a_id, :integer, foreign_key: "a.id", on_delete: :cascade
    end
    reg.mapper("B", "b")
    a = reg.mapper("A", "a") do
      relationship :bs, "B", order_by: { n: :desc }, cascade: %w[all delete-orphan], passive_deletes: true
    end
    with_session(reg) do |s, engine|
      obj = a.new(s)
      s.add(obj)
      [2, 9, 5].each { |n| obj.bs << reg[:B].new(s, n: n) }
      s.commit
      s.expire(obj)
      assert_equal [9, 5, 2], obj.bs.map(&:n), "ordered by n DESC"
      obj.bs.pop
      s.commit
      assert_equal 2, engine.scalar("SELECT count(*) FROM b"), "delete-orphan"
      s.delete(obj)
      s.commit
      assert_equal 0, engine.scalar("SELECT count(*) FROM b")
    end
  end

  def test_foreign_keys_choose_between_two_paths
    build = lambda do |foreign_keys|
      reg = Assoc::Registry.new
      reg.table("person") { |t| t.column :id, :integer, primary_key: true }
      reg.table("letter") do |t|
        t.column :id, :integer, primary_key: true
        t.column :sender_id, :integer, foreign_key: "person.id"
        t.column :recipient_id, :integer, foreign_key: "person.id"
      end
      reg.mapper("Person", "person")
      reg.mapper("Letter", "letter") do
        relationship :sender, "Person", foreign_keys: foreign_keys
      end
      reg
    end
    assert_assoc_error(Assoc::ConfigError, /Letter.sender/) { build.call(nil).configure }
    reg = build.call(["letter.sender_id"]).configure
    with_session(reg) do |s, engine|
      me = reg[:Person].new(s)
      s.add(reg[:Letter].new(s, sender: me))
      s.commit
      assert_equal [1, nil], [engine.scalar("SELECT sender_id FROM letter"), engine.scalar("SELECT recipient_id FROM letter")]
    end
  end

  # A proxy_class presents the view as a collection type of the program's own.
  class Tags
    include Enumerable

    def initialize(view) = (@view = view)
    def each(&) = @view.each(&)
    def tag(*words) = words.each { |w| @view << w.downcase }
  end

  def test_proxy_class_wraps_the_view
    model = build_model(configure: false)
    model.post.association_proxy :tag_words, :tags, :label, proxy_class: Tags
    model.registry.configure
    with_session(model.registry) do |s, _engine|
      post = model.post.new(s)
      assert_instance_of Tags, post.tag_words
      post.tag_words.tag("Ruby", "C")
      assert_equal %w[c ruby], post.tag_words.sort
      assert_equal %w[c ruby], post.labels.sort
    end
  end

  def test_lazy_loading_strategies
    reg = Assoc::Registry.new
    id_table(reg, "a")
    id_table(reg, "b", "a")
    reg.mapper("B", "b") { relationship :a, "A", lazy: :raise }
    a = reg.mapper("A", "a") do
      relationship :never, "B", lazy: :noload
      relationship :eager, "B", lazy: :selectin
    end
    with_session(reg) do |s, engine|
      engine.execute("INSERT INTO a (id) VALUES (1)").execute("INSERT INTO b (id, a_id) VALUES (1, 1)")
      obj = s.get(a, 1)
      assert_empty obj.never, "noload never loads"
      assert_equal 1, obj.eager.size
      assert_assoc_error(Assoc::StateError, /lazy='raise'/) { obj.eager[0].a }
    end
  end

  def test_scalar_proxy_options
    reg = Assoc::Registry.new
    reg.table("a") { |t| t.column :id, :integer, primary_key: true }
    reg.table("ab") do |t|
      t.column :a_id, :integer, foreign_key: "a.id", primary_key: true
      t.column :label, :text
    end
    ab = reg.mapper("AB", "ab")
    a = reg.mapper("A", "a") do
      relationship :ab, "AB", uselist: false
      association_proxy :label, :ab, :label, creator: ->(owner, value) { ab.new(owner.session, label: value) },
                                             create_on_none_assignment: true, info: { doc: "the label" }
    end
    assert_equal({ doc: "the label" }, a.proxy_info(:label))
    with_session(reg) do |s, _engine|
      obj = a.new(s)
      assert_nil obj.label
      obj.label = nil # creates the intermediary even for nil
      refute_nil obj.ab
      obj.label = "x"
      assert_equal "x", obj.ab.label
      obj.unset(:label)
      assert_nil obj.label
      assert a[:label].scalar_proxy?
      assert_equal ab, a[:label].target_class
    end
  end

  def test_generated_accessors_respond_to_and_yield_to_the_class
    reg = Assoc::Registry.new
    reg.table("thing") do |t|
      t.column :id, :integer, primary_key: true
      t.column :name, :text
      t.column :state, :text # Assoc::Object#state exists: reached as thing[:state]
      t.column :title, :text
    end
    thing = nil
    _, warned = capture_io do
      thing = reg.mapper("Thing", "thing") do
        def title = "custom"
      end
      reg.configure
    end
    assert_match(/Thing.state is not defined as a method/, warned)
    with_session(reg) do |s, _engine|
      obj = thing.new(s, name: "n", state: "open", title: "t")
      assert_respond_to obj, :name
      assert_respond_to obj, :name=
      refute_respond_to obj, :nope
      assert_equal "custom", obj.title, "the class's own method wins"
      assert_equal "t", obj[:title]
      assert_equal "open", obj[:state]
      assert_equal :transient, obj.state
      assert_assoc_error(Assoc::NotFoundError, /Thing has no attribute 'nope'/) { obj[:nope] }
      assert_assoc_error(Assoc::NotFoundError, /Thing has no attribute 'nope'/) { thing.new(s, nope: 1) }
      assert_equal "by string", thing.new(s, **{ "name" => "by string" }).name
      assert_raises(NoMethodError) { obj.nope }
    end
  end

  def test_classes_of_ones_own_and_initialize
    user_class = Class.new(Assoc::Object) do
      def initialize(name, shout: false)
        super(name: shout ? name.upcase : name)
      end

      def greeting = "hi #{name}"
    end
    reg = Assoc::Registry.new
    %w[u v].each do |table|
      reg.table(table) do |t|
        t.column :id, :integer, primary_key: true
        t.column :name, :text
      end
    end
    assert_same user_class, reg.mapper("U", "u", user_class)
    assert_assoc_error(Assoc::StateError, /already mapped to U/) { reg.mapper("V", "v", user_class) }
    assert_assoc_error(Assoc::AlreadyExistsError, /table 'u' is already mapped by 'U'/) { reg.mapper("W", "u") }
    assert_assoc_error(Assoc::ConfigError, /not mapped/) { Class.new(Assoc::Object).new(nil) }
    plain = reg.mapper("V", "v")
    with_session(reg) do |s, _engine|
      assert_assoc_error(Assoc::StateError, /configured and can no longer change/) { reg.mapper("X", "u") }
      user = user_class.new(s, "jek", shout: true)
      assert_equal "hi JEK", user.greeting
      assert_instance_of user_class, user
      assert_equal "as given", plain.new(s, name: "as given").name
      plain.class_eval { def initialize(name:) = super(name: "#{name}, defined late") }
      assert_equal "x, defined late", plain.new(s, name: "x").name
    end
  end

  def test_introspection
    model = build_model
    user = model.user
    assert_equal "User", user.mapper.name
    assert_equal "user", user.mapper.table.name
    assert_same model.registry, user.registry
    assert_same user, model.registry[:User]
    assert_includes model.registry.mappers, user
    assert_equal "User", user.to_s
    keywords = user[:keywords]
    assert_equal :proxy, keywords.kind
    assert_equal :list, keywords.collection_kind
    assert keywords.proxy?
    assert_equal "User.kw", keywords.local_attr.to_s
    assert_equal "Keyword.keyword", keywords.remote_attr.to_s
    assert_equal model.keyword, keywords.target_class
    assert_equal model.keyword, user[:kw].target
    assert user[:kw].relationship?
    assert user[:name].column?
    assert_equal :scalar, user[:name].collection_kind
    assert_equal user[:kw], user[:keywords].local_attr
    assert_equal user, user[:name].owner
    assert_equal %w[id name age score active born avatar kw keywords posts post_titles],
                 user.mapper.attributes.map(&:name)
    assert_match(/#<Assoc::Attribute User.keywords \(proxy, list\)>/, keywords.inspect)
    assert_match(/Assoc::Registry Keyword, User, Tag, Post/, model.registry.inspect)
    assert_match(/\A\d+\.\d+\.\d+\z/, Assoc.library_version)
    assert_equal Assoc::VERSION, Assoc.library_version
  end
end
