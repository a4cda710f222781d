# frozen_string_literal: true

# seed 001: querying with association proxies. User#special_keys proxies a
# column (UserKeywordAssociation#special_key) and User#keywords an object
# (UserKeywordAssociation#keyword, a Keyword): comparisons on them compile to
# correlated EXISTS subqueries, printed as SQLAlchemy prints them and then
# run on three users. Last, a join along both hops of User#keywords (its
# local_attr, then its remote_attr).
require_relative "example_helper"
include Example

Model = Struct.new(:engine, :session, :user, :keyword)

#   User.user_keyword_associations = relationship(cascade="all, delete-orphan")
#   User.keywords = association_proxy("user_keyword_associations", "keyword")        # object-targeted
#   User.special_keys = association_proxy("user_keyword_associations", "special_key") # column-targeted
#   UserKeywordAssociation.keyword = relationship()
def open_model
  registry = Assoc::Registry.new
  user_keyword_tables(registry, special_key: true)
  user = registry.mapper("User", "user") do
    relationship :user_keyword_associations, "UserKeywordAssociation", cascade: "all, delete-orphan"
    association_proxy :keywords, :user_keyword_associations, :keyword
    association_proxy :special_keys, :user_keyword_associations, :special_key
  end
  uka = registry.mapper("UserKeywordAssociation", "user_keyword") { relationship :keyword, "Keyword" }
  keyword = registry.mapper("Keyword", "keyword")
  engine, session = Example.open(registry)

  # jek: special_key "jek", Keyword "cheese-inspector"; log: "blammo-jek", "jek"; ann: "sk1", "snack-ninja"
  [%w[jek jek cheese-inspector], %w[log blammo-jek jek], %w[ann sk1 snack-ninja]].each do |name, special_key, word|
    u = user.new(session, name: name)
    u.user_keyword_associations << uka.new(session, special_key: special_key,
                                                    keyword: keyword.new(session, keyword: word))
    session.add(u)
  end
  session.commit
  Model.new(engine, session, user, keyword)
end

# Print the query's SQL, then run it and print the names of the users found.
def show(query)
  puts query.sql
  puts "-> #{list(query.all.map(&:name))}"
end

def column_proxy
  header "seed 001: querying a column-targeted association proxy"
  m = open_model
  user = m.user
  prompt 'print(session.scalars(select(User).where(User.special_keys == "jek")))'
  show m.session.query(user).where(user[:special_keys].eq("jek"))
  prompt 'print(session.scalars(select(User).where(User.special_keys.like("%jek"))))'
  show m.session.query(user).where(user[:special_keys].like("%jek"))
  m.session.close
end

def object_proxy
  header "seed 001: querying an object-targeted association proxy"
  m = open_model
  prompt 'print(session.scalars(select(User).where(User.keywords.any(Keyword.keyword == "jek"))))'
  show m.session.query(m.user).where(m.user[:keywords].any(m.keyword[:keyword].eq("jek")))
  m.session.close
end

# select(User).join(*User.keywords.attr), and the same hop by hop.
def joins
  header "seed 001: joining along an association proxy"
  m = open_model
  user = m.user
  prompt 'print(select(User).join(*User.keywords.attr).where(Keyword.keyword == "jek"))'
  show m.session.query(user).join(user[:keywords]).where(m.keyword[:keyword].eq("jek"))

  keywords = user[:keywords]
  prompt "User.keywords.local_attr, User.keywords.remote_attr"
  puts "(#{keywords.local_attr}, #{keywords.remote_attr})"
  prompt "print(select(User)\n...     .join(User.keywords.local_attr)\n...     .join(User.keywords.remote_attr)\n" \
         '...     .where(Keyword.keyword == "jek"))'
  show m.session.query(user).join(keywords.local_attr).join(keywords.remote_attr)
        .where(m.keyword[:keyword].eq("jek"))
  m.session.close
end

column_proxy
puts
object_proxy
puts
joins
