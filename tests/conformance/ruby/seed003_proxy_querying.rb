# frozen_string_literal: true

# seed 003: querying with association proxies, on three mappings of that
# document: UserKeyword as an association object
# (User.keywords.any(keyword='jek')), the composite one whose
# UserKeyword#keyword is a scalar proxy (UserKeyword.keyword == 'jek'), and the
# many-to-many one through userkeywords (User.keywords.contains('jek')). Each
# query prints its SQL and then the rows it finds; then joins along
# User#keywords (*User.keywords.attr, and local_attr / remote_attr).
require_relative "example_helper"
include Example

Model = Struct.new(:session, :user, :user_keyword, :keyword)

# mapping: :association_object (UserKeyword.keyword = relationship("Keyword")),
# :composite (UserKeyword.kw = relationship("Keyword"); keyword = association_proxy('kw', 'keyword')),
# :many_to_many (User.kw = relationship("Keyword", secondary=userkeywords)).
def open_model(mapping)
  link = mapping == :many_to_many ? "userkeywords" : "user_keyword"
  registry = Assoc::Registry.new
  user_keyword_tables(registry, link, special_key: mapping != :many_to_many)
  user = registry.mapper("User", "user")
  keyword = registry.mapper("Keyword", "keyword")
  user_keyword = nil
  if mapping == :many_to_many
    user.relationship :kw, "Keyword", secondary: "userkeywords"
    user.association_proxy :keywords, :kw, :keyword
  else
    user_keyword = registry.mapper("UserKeyword", "user_keyword") do
      relationship :user, "User", backref: Assoc.backref(:user_keywords, cascade: "all, delete-orphan")
      if mapping == :composite
        relationship :kw, "Keyword"
        association_proxy :keyword, :kw, :keyword
      else
        relationship :keyword, "Keyword"
      end
    end
    user.association_proxy :keywords, :user_keywords, :keyword
  end
  _engine, session = Example.open(registry)

  # jek has 'cheese inspector'; log has 'jek' and 'snack ninja'; ann has none
  { "jek" => ["cheese inspector"], "log" => ["jek", "snack ninja"], "ann" => [] }.each do |name, tags|
    u = user.new(session, name: name)
    session.add(u)
    tags.each do |tag|
      # an object for the association object mapping; else a string: the proxies make the rest
      u.keywords << (mapping == :association_object ? keyword.new(session, keyword: tag) : tag)
    end
  end
  session.commit
  Model.new(session, user, user_keyword, keyword)
end

# Print the query's SQL, then run it and print what it finds.
def show(query, name_attr = nil)
  puts query.sql
  found = query.all
  puts "-> #{name_attr ? list(found.map(&name_attr)) : list(found, &:to_s)}"
end

# any() and has() produce a "nested" EXISTS clause.
def any_on_association_object
  header "seed 003: any() through an association object"
  m = open_model(:association_object)
  prompt "print(session.query(User).filter(User.keywords.any(keyword='jek')))"
  show m.session.query(m.user).filter(m.user[:keywords].any(m.keyword[:keyword].eq("jek"))), :name
  m.session.close
end

# For a proxy to a scalar attribute, __eq__() is supported.
def eq_on_scalar_proxy
  header "seed 003: == on a scalar proxy"
  m = open_model(:composite)
  prompt "print(session.query(UserKeyword).filter(UserKeyword.keyword == 'jek'))"
  show m.session.query(m.user_keyword).filter(m.user_keyword[:keyword].eq("jek"))
  m.session.close
end

# and .contains() is available for a proxy to a scalar collection.
def contains_on_scalar_collection
  header "seed 003: contains() on a proxy to a scalar collection"
  m = open_model(:many_to_many)
  prompt "print(session.query(User).filter(User.keywords.contains('jek')))"
  show m.session.query(m.user).filter(m.user[:keywords].contains("jek")), :name
  m.session.close
end

# q = session.query(User).join(*User.keywords.attr); and hop by hop through
# local_attr and remote_attr (the library has no aliased(): it joins the tables themselves).
def joins
  header "seed 003: joining with the attr, local_attr and remote_attr of a proxy"
  m = open_model(:association_object)
  keywords = m.user[:keywords]

  prompt "q = session.query(User).join(*User.keywords.attr)"
  q = m.session.query(m.user).join(*keywords.attr)
  prompt "print(q.filter(Keyword.keyword == 'snack ninja'))"
  show q.filter(m.keyword[:keyword].eq("snack ninja")), :name

  prompt "User.keywords.attr"
  puts "(#{keywords.attr.join(', ')})"

  prompt "q = session.query(User).\\\n...         join(User.keywords.local_attr).\\\n...         join(User.keywords.remote_attr)"
  q = m.session.query(m.user).join(keywords.local_attr).join(keywords.remote_attr)
  prompt "print(q.filter(Keyword.keyword == 'cheese inspector'))"
  show q.filter(m.keyword[:keyword].eq("cheese inspector")), :name
  m.session.close
end

any_on_association_object
puts
eq_on_scalar_proxy
puts
contains_on_scalar_collection
puts
joins
