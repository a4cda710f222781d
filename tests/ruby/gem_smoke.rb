# frozen_string_literal: true

# Run by gem_install.cmake with only the freshly installed gem on the load
# path (ARGV[0] is the work directory holding prefix/ and gems/): checks that
# the gem's extension and the installed libassoc are what load, then uses them.
work = ARGV.fetch(0)
require "assoc"

extension = $LOADED_FEATURES.grep(%r{/assoc/assoc_core\.so\z}).first.to_s
abort "the extension is not the installed gem's: #{extension}" unless extension.start_with?(File.join(work, "gems"))
puts "extension: from the installed gem"
mapped = File.readlines("/proc/self/maps").map { |line| line.split.last }.grep(/libassoc\.so/).uniq
abort "libassoc is not the installed copy: #{mapped}" unless mapped.any? && mapped.all? { |path| path.start_with?(File.join(work, "prefix")) }
puts "libassoc: the installed copy"

registry = Assoc::Registry.new
registry.table("user") { |t| t.column :id, :integer, primary_key: true }
registry.table("keyword") do |t|
  t.column :id, :integer, primary_key: true
  t.column :keyword, :text
end
registry.table("user_keyword") do |t|
  t.column :user_id, foreign_key: "user.id", primary_key: true
  t.column :keyword_id, foreign_key: "keyword.id", primary_key: true
end
keyword = registry.mapper("Keyword", "keyword")
boom = RuntimeError.new("boom")
user_class = registry.mapper("User", "user") do
  relationship :kw, "Keyword", secondary: "user_keyword"
  association_proxy :keywords, :kw, :keyword, creator: lambda { |owner, word|
    raise boom if word == "boom"

    keyword.new(owner.session, keyword: word)
  }
end
engine = Assoc::Engine.new("sqlite://")
engine.create_all(registry)
Assoc::Session.open(engine, registry) do |session|
  user = user_class.new(session)
  session.add(user)
  user.keywords.push("cheese-inspector", "snack-ninja")
  session.commit
  puts "[#{user.keywords.map { |k| "'#{k}'" }.join(', ')}]"
  puts "[#{user.kw.map(&:to_s).join(', ')}]"
  begin
    user.keywords << "boom"
  rescue RuntimeError => e
    puts "the creator's own exception: #{e.equal?(boom) && user.keywords.size == 2 ? 'yes' : 'no'}"
  end
end
