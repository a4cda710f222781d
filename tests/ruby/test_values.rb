# frozen_string_literal: true

# Values crossing the binding: every Ruby type a column takes, what comes
# back, and the errors for what cannot cross.
require "helper"
require "date"

class TestValues < Minitest::Test
  def setup
    @model, @session = open_model
    @user = @model.user.new(@session, name: "jek")
    @session.add(@user)
  end

  def teardown
    @session.close
  end

  # Read back after a round trip through the database.
  def reloaded
    @session.commit
    @session.expire(@user)
    @user
  end

  def test_integers_reals_and_nil_round_trip
    @user.age = 42
    @user.score = 2.5
    assert_equal 42, reloaded.age
    assert_in_delta 2.5, @user.score
    @user.age = nil
    assert_nil reloaded.age
    @user.age = -(2**63)
    assert_equal(-(2**63), reloaded.age)
    @user.age = 2**63 - 1
    assert_equal 2**63 - 1, reloaded.age
  end

  def test_text_is_utf8_and_blob_is_binary
    @user.name = "Zoë ✓"
    @user.avatar = "\x00\xFFpng".b
    user = reloaded
    assert_equal "Zoë ✓", user.name
    assert_equal Encoding::UTF_8, user.name.encoding
    assert_equal "\x00\xFFpng".b, user.avatar
    assert_equal Encoding::BINARY, user.avatar.encoding
  end

  def test_other_encodings_are_transcoded_and_symbols_are_text
    @user.name = "caf\xE9".dup.force_encoding(Encoding::ISO_8859_1)
    assert_equal "café", reloaded.name
    @user.name = :jek
    assert_equal "jek", reloaded.name
  end

  def test_booleans_read_back_as_true_false_and_default_applies
    assert_equal true, reloaded.active, "default: true"
    @user.active = false
    assert_equal false, reloaded.active
    assert_equal 0, @model.engine.scalar("SELECT active FROM user WHERE id = ?", @user.id)
    @user.active = nil
    assert_nil reloaded.active
  end

  def test_time_and_date_are_iso8601_text
    @user.born = Time.new(1999, 12, 31, 23, 59, 58)
    assert_equal "1999-12-31 23:59:58", reloaded.born
    @user.born = Time.new(2001, 2, 3, 4, 5, 6.25r)
    assert_equal "2001-02-03 04:05:06.250000", reloaded.born
    @user.born = Date.new(2024, 2, 29)
    assert_equal "2024-02-29", reloaded.born
  end

  def test_generic_access_by_name
    @user[:age] = 7
    assert_equal 7, @user[:age]
    assert_nil @user[:active], "the default applies when the row is inserted"
    @user["name"] = "log"
    assert_equal "log", @user.name
    assert_equal({ "id" => 1, "name" => "log", "age" => 7, "score" => nil, "active" => true, "born" => nil,
                   "avatar" => nil }, reloaded.attributes)
    assert_equal true, @user[:active]
  end

  def test_integer_too_big_is_out_of_range_and_changes_nothing
    @user.age = 5
    error = assert_assoc_error(Assoc::OutOfRangeError, /#{2**64} does not fit in 64 bits/) { @user.age = 2**64 }
    assert_equal "ASSOC_ERANGE", error.code_name
    assert_equal 5, @user.age
  end

  def test_values_of_no_assoc_type_are_type_mismatches
    [{}, [1], Object.new, 1r, nil.method(:inspect)].each do |value|
      error = assert_assoc_error(Assoc::TypeMismatchError, /cannot store a #{value.class}/) { @user.age = value }
      assert_kind_of Assoc::Error, error
    end
    assert_nil @user.age
  end

  def test_a_value_of_the_wrong_column_type_names_the_attribute
    assert_assoc_error(Assoc::TypeMismatchError, /age/) { @user.age = "forty" }
    assert_assoc_error(Assoc::TypeMismatchError, /name/) { @user.name = 3.5 }
    assert_equal "jek", @user.name
  end

  def test_broken_utf8_is_refused
    assert_assoc_error(Assoc::TypeMismatchError, /invalid UTF-8/) { @user.name = "bad \xFF" }
    assert_equal "jek", @user.name
  end

  def test_objects_as_values_and_scalar_relationships
    post = @model.post.new(@session, title: "hello", owner: @user)
    assert_same @user, post.owner
    assert_equal [post], @user.posts.to_a
    post.owner = nil
    assert_nil post.owner
    assert_empty @user.posts
    assert_assoc_error(Assoc::TypeMismatchError) { post.owner = @model.keyword.new(@session, keyword: "x") }
  end

  def test_engine_scalar_binds_parameters
    assert_equal 3, @model.engine.scalar("SELECT ?1 + ?2", 1, 2)
    assert_equal "ab", @model.engine.scalar("SELECT ? || ?", "a", :b)
    assert_nil @model.engine.scalar("SELECT ?", nil)
    assert_in_delta 0.5, @model.engine.scalar("SELECT ? / 2.0", 1)
  end
end
