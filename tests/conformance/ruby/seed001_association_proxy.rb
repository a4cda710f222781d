# frozen_string_literal: true

# seed 001: the association proxy, a read/write view of an attribute two hops
# away. User#keywords shows the Keyword#keyword strings of the many-to-many
# relationship User#kw (with the proxy, without it, and with a creator);
# then it bridges the association object UserKeywordAssociation to its
# Keyword, as a list and as a dict keyed by special_key; last, as a composite
# proxy, it is a dict of strings to strings, with and without unique Keyword
# rows (the seed's UniqueObject caveat, built in).
require_relative "example_helper"
include Example

# Keyword.__repr__: Keyword('kw')
KEYWORD_REPR = ->(keyword) { "Keyword(#{repr(keyword.keyword)})" }

# ---- simplifying scalar collections ---------------------------------------------

#     kw: Mapped[List[Keyword]] = relationship(secondary=lambda: user_keyword_table)
#     keywords: AssociationProxy[List[str]] = association_proxy("kw", "keyword")
def scalar_collections(with_creator)
  header(with_creator ? "seed 001: simplifying scalar collections, with a creator" :
                        "seed 001: simplifying scalar collections")
  registry = Assoc::Registry.new
  user_keyword_tables(registry)
  keyword_class = registry.mapper("Keyword", "keyword")
  user_class = registry.mapper("User", "user") do
    relationship :kw, "Keyword", secondary: "user_keyword"
    if with_creator
      # creator=lambda kw: Keyword(keyword=kw)
      association_proxy :keywords, :kw, :keyword,
                        creator: ->(owner, kw) { keyword_class.new(owner.session, keyword: kw) }
    else
      association_proxy :keywords, :kw, :keyword
    end
  end
  engine, session = Example.open(registry)

  prompt 'user = User("jek")'
  user = add_user(session, user_class, "jek")
  prompt 'user.keywords.append("cheese-inspector")'
  user.keywords << "cheese-inspector"
  prompt 'user.keywords.append("snack-ninja")'
  user.keywords << "snack-ninja"
  prompt "print(user.keywords)"
  print_view user.keywords

  # the proxy made the Keyword objects, and they are in the relationship
  prompt "print([keyword.keyword for keyword in user.kw])"
  puts list(user.kw.map(&:keyword))

  prompt "session.commit(); print(user.keywords)"
  session.commit
  print_view user.keywords
  prompt "print(user.kw)"
  puts list(user.kw)
  prompt "session.scalar(select(func.count()).select_from(user_keyword_table))"
  puts count_rows(engine, "user_keyword")
  session.close
end

# The identical series of operations without using the association proxy.
def scalar_collections_without_proxy
  header "seed 001: the same without the association proxy"
  registry = Assoc::Registry.new
  user_keyword_tables(registry)
  keyword_class = registry.mapper("Keyword", "keyword")
  user_class = registry.mapper("User", "user") do
    relationship :kw, "Keyword", secondary: "user_keyword"
  end
  _engine, session = Example.open(registry)

  prompt "# identical operations without using the association proxy"
  prompt 'user = User("jek")'
  user = add_user(session, user_class, "jek")
  prompt 'user.kw.append(Keyword("cheese-inspector"))'
  user.kw << keyword_class.new(session, keyword: "cheese-inspector")
  prompt 'user.kw.append(Keyword("snack-ninja"))'
  user.kw << keyword_class.new(session, keyword: "snack-ninja")
  prompt "print([keyword.keyword for keyword in user.kw])"
  puts list(user.kw.map(&:keyword))
  session.close
end

# ---- simplifying association objects ----------------------------------------------

#     user_keyword_associations = relationship(back_populates="user", cascade="all, delete-orphan")
#     keywords = association_proxy("user_keyword_associations", "keyword",
#         creator=lambda keyword_obj: UserKeywordAssociation(keyword=keyword_obj))
def association_objects
  header "seed 001: simplifying association objects"
  registry = Assoc::Registry.new
  user_keyword_tables(registry, special_key: true)
  keyword_class = registry.mapper("Keyword", "keyword")
  uka = registry.mapper("UserKeywordAssociation", "user_keyword") do
    relationship :user, "User", back_populates: :user_keyword_associations
    relationship :keyword, "Keyword"
  end
  user_class = registry.mapper("User", "user") do
    relationship :user_keyword_associations, "UserKeywordAssociation",
                 back_populates: :user, cascade: "all, delete-orphan"
    association_proxy :keywords, :user_keyword_associations, :keyword,
                      creator: ->(owner, keyword_obj) { uka.new(owner.session, keyword: keyword_obj) }
  end
  _engine, session = Example.open(registry)

  prompt 'user = User("log")'
  user = add_user(session, user_class, "log")
  prompt "for kw in (Keyword(\"new_from_blammo\"), Keyword(\"its_big\")):\n...     user.keywords.append(kw)"
  %w[new_from_blammo its_big].each { |kw| user.keywords << keyword_class.new(session, keyword: kw) }
  prompt "print(user.keywords)"
  print_view(user.keywords, &KEYWORD_REPR)

  # each append made a UserKeywordAssociation whose .user is the user
  prompt "[a.user is user for a in user.user_keyword_associations]"
  puts list(user.user_keyword_associations.map { |a| a.user.equal?(user) })

  prompt "user.user_keyword_associations.append(\n" \
         "...     UserKeywordAssociation(keyword=Keyword(\"its_heavy\"))\n... )"
  user.user_keyword_associations << uka.new(session, keyword: keyword_class.new(session, keyword: "its_heavy"))

  prompt "UserKeywordAssociation(\n" \
         "...     keyword=Keyword(\"its_wood\"), user=user, special_key=\"my special key\"\n... )"
  wood = uka.new(session, keyword: keyword_class.new(session, keyword: "its_wood"), user: user,
                          special_key: "my special key")
  # SQLAlchemy 2.0: the backref does not cascade it into the session
  prompt "session.add(user.user_keyword_associations[-1])"
  session.add(wood)

  prompt "print(user.keywords)"
  print_view(user.keywords, &KEYWORD_REPR)

  prompt "session.commit()"
  session.commit
  prompt "print(user.keywords)"
  print_view(user.keywords, &KEYWORD_REPR)
  prompt "[a.special_key for a in user.user_keyword_associations]"
  puts list(user.user_keyword_associations.map(&:special_key))
  session.close
end

# ---- proxying to dictionary based collections ---------------------------------------

# user_keyword_associations as attribute_keyed_dict("special_key"), with
# creator=lambda k, v: UserKeywordAssociation(special_key=k, keyword=v);
# composite: UserKeywordAssociation.kw = relationship(Keyword) and
# UserKeywordAssociation.keyword = association_proxy("kw", "keyword").
def define_dict_model(registry, composite: false, unique: false)
  user_keyword_tables(registry, special_key: true)
  keyword_class = registry.mapper("Keyword", "keyword")
  uka = registry.mapper("UserKeywordAssociation", "user_keyword") do
    relationship :user, "User", back_populates: :user_keyword_associations
    if composite
      relationship :kw, "Keyword"
      association_proxy :keyword, :kw, :keyword, unique: unique
    else
      relationship :keyword, "Keyword"
    end
  end
  user_class = registry.mapper("User", "user") do
    relationship :user_keyword_associations, "UserKeywordAssociation",
                 back_populates: :user, collection: :dict, dict_key: :special_key, cascade: "all, delete-orphan"
    association_proxy :keywords, :user_keyword_associations, :keyword do |owner, key, value|
      uka.new(owner.session, special_key: key, keyword: value)
    end
  end
  [user_class, keyword_class]
end

def dict_collections
  header "seed 001: proxying to dictionary based collections"
  registry = Assoc::Registry.new
  user_class, keyword_class = define_dict_model(registry)
  _engine, session = Example.open(registry)

  prompt 'user = User("log")'
  user = add_user(session, user_class, "log")
  prompt 'user.keywords["sk1"] = Keyword("kw1")'
  user.keywords["sk1"] = keyword_class.new(session, keyword: "kw1")
  prompt 'user.keywords["sk2"] = Keyword("kw2")'
  user.keywords["sk2"] = keyword_class.new(session, keyword: "kw2")
  prompt "print(user.keywords)"
  print_view(user.keywords, &KEYWORD_REPR)

  prompt "session.commit(); print(user.keywords)"
  session.commit
  print_view(user.keywords, &KEYWORD_REPR)
  prompt "[a.special_key for a in user.user_keyword_associations.values()]"
  puts list(user.user_keyword_associations.values.map(&:special_key))
  session.close
end

# ---- composite association proxies ------------------------------------------------------

def composite
  header "seed 001: composite association proxies"
  registry = Assoc::Registry.new
  user_class, = define_dict_model(registry, composite: true)
  _engine, session = Example.open(registry)

  prompt 'user = User("log")'
  user = add_user(session, user_class, "log")
  prompt 'user.keywords = {"sk1": "kw1", "sk2": "kw2"}'
  user.keywords = { "sk1" => "kw1", "sk2" => "kw2" }
  prompt "print(user.keywords)"
  print_view user.keywords

  prompt 'user.keywords["sk3"] = "kw3"'
  user.keywords["sk3"] = "kw3"
  prompt 'del user.keywords["sk2"]'
  user.keywords.delete("sk2")
  prompt "print(user.keywords)"
  print_view user.keywords

  prompt "session.commit()"
  session.commit
  prompt "# illustrate un-proxied usage\n... print(user.user_keyword_associations[\"sk3\"].kw)"
  kw = user.user_keyword_associations["sk3"].kw
  print_str kw
  prompt 'print(user.user_keyword_associations["sk3"].kw.keyword)'
  print_str kw.keyword
  prompt "print(user.keywords)"
  print_view user.keywords
  session.close
end

# The caveat: each set makes a new Keyword, so two users tagging the same word
# make two rows. With unique: true on UserKeywordAssociation#keyword, the
# proxy looks the Keyword up first (in the session, then the database), as
# the UniqueObject recipe does.
def composite_unique(unique)
  header(unique ? "seed 001: composite proxies, unique keywords (unique=True)" :
                  "seed 001: composite proxies, a Keyword per set operation")
  registry = Assoc::Registry.new
  user_class, = define_dict_model(registry, composite: true, unique: unique)
  engine, session = Example.open(registry)

  prompt "jek = User(\"jek\")\n>>> jek.keywords = {\"sk1\": \"cheese-inspector\", \"sk2\": \"snack-ninja\"}"
  jek = add_user(session, user_class, "jek")
  jek.keywords = { "sk1" => "cheese-inspector", "sk2" => "snack-ninja" }
  prompt "log = User(\"log\")\n>>> log.keywords[\"sk1\"] = \"snack-ninja\""
  log = add_user(session, user_class, "log")
  log.keywords["sk1"] = "snack-ninja"
  prompt 'log.user_keyword_associations["sk1"].kw is jek.user_keyword_associations["sk2"].kw'
  print_bool log.user_keyword_associations["sk1"].kw.equal?(jek.user_keyword_associations["sk2"].kw)
  prompt "session.commit()"
  session.commit
  prompt "session.scalar(select(func.count()).select_from(Keyword))"
  puts count_rows(engine, "keyword")

  # a later session: the existing row is found in the database
  prompt "session = Session(engine)\n>>> ann = User(\"ann\"); session.add(ann)\n" \
         ">>> ann.keywords[\"sk1\"] = \"cheese-inspector\"\n>>> session.commit()"
  Assoc::Session.open(engine, registry) do |later|
    ann = add_user(later, user_class, "ann")
    ann.keywords["sk1"] = "cheese-inspector"
    later.commit
    prompt "print(ann.keywords)"
    print_view ann.keywords
  end
  prompt "session.scalar(select(func.count()).select_from(Keyword))"
  puts count_rows(engine, "keyword")
  session.close
end

scalar_collections(false)
puts
scalar_collections_without_proxy
puts
scalar_collections(true)
puts
association_objects
puts
dict_collections
puts
composite
puts
composite_unique(false)
puts
composite_unique(true)
