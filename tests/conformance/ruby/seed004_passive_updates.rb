# frozen_string_literal: true

# seed 004: relationship update cascades. A User's primary key is its
# username, and each Address refers to it. When john's username changes, his
# addresses must follow, either way:
#   - passive_updates true (the default) with the foreign key declared ON
#     UPDATE CASCADE: the database updates the addresses itself;
#   - passive_updates false, with no ON UPDATE action: the session issues the
#     UPDATEs of addresses.user_id itself.
# Both ways the addresses hold the new username, in the objects and in the
# database, and address.user is still john.
require_relative "example_helper"
include Example

#   User(username primary key)
#   Address(id, email, user_id = ForeignKey('users.username', onupdate='CASCADE'))
#   Address.user = relationship(User, backref=backref('addresses', passive_updates=True))
# or, for (b): ForeignKey('users.username') and backref('addresses', passive_updates=False).
def passive_updates(database_cascades)
  header(database_cascades ? "seed 004: passive_updates=True, the database cascades (ON UPDATE CASCADE)" :
                             "seed 004: passive_updates=False, the session issues the UPDATEs")
  registry = Assoc::Registry.new
  registry.table("users") { |t| t.column :username, :text, primary_key: true }
  user_class = registry.mapper("User", "users")
  registry.table("addresses") do |t|
    t.column :id, :integer, primary_key: true
    t.column :email, :text
    t.column :user_id, :text, foreign_key: "users.username", on_update: database_cascades ? :cascade : :no_action
  end
  address_class = registry.mapper("Address", "addresses") do
    relationship :user, "User", backref: Assoc.backref(:addresses, passive_updates: database_cascades)
  end
  engine, s = Example.open(registry)

  prompt "john = User(username='john')"
  john = user_class.new(s, username: "john")
  prompt "home_of_john = Address(email='home@john.example', user=john)"
  home_of_john = address_class.new(s, email: "home@john.example", user: john)
  prompt "office_of_john = Address(email='office@john.example', user=john)"
  office_of_john = address_class.new(s, email: "office@john.example", user: john)
  prompt "s.add(john); s.commit()"
  s.add(john)
  s.commit
  prompt "[a.user_id for a in john.addresses]"
  puts list(john.addresses.map(&:user_id))

  # the tables the library UPDATEs, in the order it first does
  updated = []
  prompt "john.username = 'jonathan'; s.commit()"
  engine.on_statement do |sql, _params, _seconds|
    table = sql[/\AUPDATE\s+"?([^"\s]+)/, 1]
    updated << table if table && !updated.include?(table)
  end
  john.username = "jonathan"
  s.commit
  engine.on_statement

  prompt "john"
  print_str john
  prompt "home_of_john.user_id"
  print_repr home_of_john.user_id
  prompt "office_of_john.user_id"
  print_repr office_of_john.user_id
  prompt "home_of_john.user is john"
  print_bool home_of_john.user.equal?(john)
  prompt "office_of_john.user is john"
  print_bool office_of_john.user.equal?(john)
  prompt "john.addresses"
  puts list(john.addresses)

  # what the database holds, and who updated it
  held = engine.scalar("SELECT group_concat(user_id, ', ') FROM (SELECT user_id FROM addresses ORDER BY id)")
  puts "addresses.user_id in the database: #{str(held)}"
  puts "tables the session UPDATEd:#{updated.map { |t| " #{t}" }.join(',')}"
  s.close
end

passive_updates(true)
puts
passive_updates(false)
