# frozen_string_literal: true

# seed 003: the association proxy, in the older declarative style of that
# document. User and Keyword many-to-many through userkeywords, first without
# the proxy, then with User#keywords over User#kw (and with a creator). Then
# the association object UserKeyword, whose "user" relationship creates
# User#user_keywords by backref (cascade "all, delete-orphan"): as a list, as
# a dict keyed by special_key, and as a composite proxy of strings to strings.
require_relative "example_helper"
include Example

# Keyword.__repr__: 'Keyword(%s)' % repr(self.keyword)
KEYWORD_REPR = ->(keyword) { "Keyword(#{repr(keyword.keyword)})" }

# ---- simplifying scalar collections ---------------------------------------------------

#     kw = relationship("Keyword", secondary=lambda: userkeywords_table)
#     keywords = association_proxy('kw', 'keyword')                                  (mode 1)
#     keywords = association_proxy('kw', 'keyword', creator=lambda kw: Keyword(keyword=kw))  (mode 2)
# mode 0: no proxy, the Keyword objects by hand.
def scalar_collections(mode)
  header(["seed 003: a many-to-many collection, without a proxy", "seed 003: simplifying scalar collections",
          "seed 003: simplifying scalar collections, with a creator"][mode])
  registry = Assoc::Registry.new
  user_keyword_tables(registry, "userkeywords") # the link table of the many-to-many mapping
  keyword_class = registry.mapper("Keyword", "keyword")
  user_class = registry.mapper("User", "user") do
    relationship :kw, "Keyword", secondary: "userkeywords"
    # proxy the 'keyword' attribute from the 'kw' relationship
    association_proxy :keywords, :kw, :keyword if mode == 1
    association_proxy(:keywords, :kw, :keyword) { |owner, kw| keyword_class.new(owner.session, keyword: kw) } if mode == 2
  end
  _engine, session = Example.open(registry)

  prompt "user = User('jek')"
  user = add_user(session, user_class, "jek")
  if mode.zero?
    prompt "user.kw.append(Keyword('cheese inspector'))"
    user.kw << keyword_class.new(session, keyword: "cheese inspector")
    prompt "session.commit()"
    session.commit
    prompt "print(user.kw)"
    puts list(user.kw)
    prompt "print(user.kw[0].keyword)"
    print_str user.kw[0].keyword
    prompt "print([keyword.keyword for keyword in user.kw])"
    puts list(user.kw.map(&:keyword))
  else
    prompt "user.keywords.append('cheese inspector')"
    user.keywords << "cheese inspector"
    prompt "user.keywords"
    print_view user.keywords
    prompt "user.keywords.append('snack ninja')"
    user.keywords << "snack ninja"
    prompt "session.commit()"
    session.commit
    prompt "user.kw"
    puts list(user.kw)
    prompt "user.keywords"
    print_view user.keywords
  end
  session.close
end

# ---- simplifying association objects ----------------------------------------------------

#   UserKeyword.user = relationship(User, backref=backref("user_keywords", cascade="all, delete-orphan"))
#   UserKeyword.keyword = relationship("Keyword")
#   User.keywords = association_proxy('user_keywords', 'keyword')
# as a dict: the backref with collection_class=attribute_mapped_collection("special_key")
# and the creator lambda k, v: UserKeyword(special_key=k, keyword=v); composite:
# UserKeyword.kw = relationship("Keyword"), UserKeyword.keyword = association_proxy('kw', 'keyword').
def define_user_keyword(registry, dict: false, composite: false)
  user_keyword_tables(registry, special_key: true) # the link table mapped as UserKeyword
  keyword_class = registry.mapper("Keyword", "keyword")
  user_class = registry.mapper("User", "user")
  user_keyword = registry.mapper("UserKeyword", "user_keyword") do
    relationship :user, "User", backref: Assoc.backref(:user_keywords, cascade: "all, delete-orphan",
                                                                      dict_key: dict ? :special_key : nil)
    if composite
      relationship :kw, "Keyword"
      association_proxy :keyword, :kw, :keyword
    else
      relationship :keyword, "Keyword"
    end

    # UserKeyword(keyword=None, user=None, special_key=None), as its __init__ does
    def initialize(keyword = nil, user = nil, special_key: nil)
      super(user: user, keyword: keyword, special_key: special_key)
    end
  end
  if dict
    user_class.association_proxy(:keywords, :user_keywords, :keyword) do |owner, key, value|
      user_keyword.new(owner.session, value, special_key: key)
    end
  else
    user_class.association_proxy :keywords, :user_keywords, :keyword
  end
  [user_class, keyword_class, user_keyword]
end

def association_objects
  header "seed 003: simplifying association objects"
  registry = Assoc::Registry.new
  user_class, keyword_class, user_keyword = define_user_keyword(registry)
  _engine, session = Example.open(registry)

  prompt "user = User('log')"
  user = add_user(session, user_class, "log")
  prompt "for kw in (Keyword('new_from_blammo'), Keyword('its_big')):\n...     user.keywords.append(kw)\n..."
  %w[new_from_blammo its_big].each { |kw| user.keywords << keyword_class.new(session, keyword: kw) }
  prompt "print(user.keywords)"
  print_view(user.keywords, &KEYWORD_REPR)

  prompt "user.user_keywords.append(UserKeyword(Keyword('its_heavy')))"
  user.user_keywords << user_keyword.new(session, keyword_class.new(session, keyword: "its_heavy"))
  prompt "UserKeyword(Keyword('its_wood'), user, special_key='my special key')"
  wood = user_keyword.new(session, keyword_class.new(session, keyword: "its_wood"), user,
                          special_key: "my special key")
  # SQLAlchemy 2.0: the backref does not cascade it into the session
  prompt "session.add(user.user_keywords[-1])"
  session.add(wood)
  prompt "user.keywords"
  print_view(user.keywords, &KEYWORD_REPR)

  prompt "session.commit()"
  session.commit
  prompt "[(uk.keyword.keyword, uk.special_key) for uk in user.user_keywords]"
  puts list(user.user_keywords) { |uk| "(#{repr(uk.keyword.keyword)}, #{repr(uk.special_key)})" }
  session.close
end

# ---- proxying to dictionary based collections --------------------------------------------

def dict_collections
  header "seed 003: proxying to dictionary based collections"
  registry = Assoc::Registry.new
  user_class, keyword_class, = define_user_keyword(registry, dict: true)
  _engine, session = Example.open(registry)

  prompt "user = User('log')"
  user = add_user(session, user_class, "log")
  prompt "user.keywords['sk1'] = Keyword('kw1')"
  user.keywords["sk1"] = keyword_class.new(session, keyword: "kw1")
  prompt "user.keywords['sk2'] = Keyword('kw2')"
  user.keywords["sk2"] = keyword_class.new(session, keyword: "kw2")
  prompt "print(user.keywords)"
  print_view(user.keywords, &KEYWORD_REPR)

  prompt "session.commit(); print(user.keywords)"
  session.commit
  print_view(user.keywords, &KEYWORD_REPR)
  session.close
end

# ---- composite association proxies --------------------------------------------------------

def composite
  header "seed 003: composite association proxies"
  registry = Assoc::Registry.new
  user_class, = define_user_keyword(registry, dict: true, composite: true)
  _engine, session = Example.open(registry)

  prompt "user = User('log')"
  user = add_user(session, user_class, "log")
  prompt "user.keywords = {\n...     'sk1':'kw1',\n...     'sk2':'kw2'\n... }"
  user.keywords = { "sk1" => "kw1", "sk2" => "kw2" }
  prompt "print(user.keywords)"
  print_view user.keywords

  prompt "user.keywords['sk3'] = 'kw3'"
  user.keywords["sk3"] = "kw3"
  prompt "del user.keywords['sk2']"
  user.keywords.delete("sk2")
  prompt "print(user.keywords)"
  print_view user.keywords

  prompt "session.commit()"
  session.commit
  prompt "# illustrate un-proxied usage\n... print(user.user_keywords['sk3'].kw)"
  print_str user.user_keywords["sk3"].kw
  prompt "print(user.keywords)"
  print_view user.keywords
  session.close
end

scalar_collections(0)
puts
scalar_collections(1)
puts
scalar_collections(2)
puts
association_objects
puts
dict_collections
puts
composite
