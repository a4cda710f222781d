# frozen_string_literal: true

# bench/ruby/bench_append.rb - the Ruby binding against C, in one run:
#
# 1. The proxy-append job of bench_append (C), driven from Ruby with a Ruby
#    creator: in one session, for each of N users make the User, set its name,
#    get the User#keywords proxy view, append 10 distinct keyword strings (the
#    Ruby lambda makes each Keyword) and add the user; then commit. Each run
#    is on a fresh database; untimed queries check the rows after each. The C
#    job (ASSOC_BENCH_APPEND) then runs with the same N, database and R.
# 2. The cost of one creator call: a C loop calling the creator's closure M
#    times (Assoc::Core.diagnostic_call_creator, the core's own calling
#    convention) against Ruby calling the same lambda M times directly; the
#    difference is what the libffi closure, the dispatcher, rb_protect and
#    the argument conversions add. bench_callback (ASSOC_BENCH_CALLBACK)
#    shows a direct C function pointer call beside it.
#
# usage: ruby bench_append.rb [N [file|memory [R]]]   (defaults 100000 file 3)
# Figures only: nothing passes or fails on time.
require "assoc"
require_relative "../../tests/conformance/ruby/example_helper" # the user and keyword tables of seed 001

KEYWORDS_PER_USER = 10
CREATOR_CALLS = 1_000_000
TARGET_APPEND_RATIO = 3.0
TARGET_CREATOR_NS = 1000.0

def usage!
  abort "usage: #{$PROGRAM_NAME} [N [file|memory [R]]]  (N users, default 100000; R runs, default 3)"
end

n = Integer(ARGV[0] || 100_000, exception: false) || usage!
mode = ARGV[1] || "file"
reps = Integer(ARGV[2] || 3, exception: false) || usage!
usage! unless n.positive? && reps.positive? && %w[file memory].include?(mode) && ARGV.size <= 3
c_append = ENV.fetch("ASSOC_BENCH_APPEND") { abort "set ASSOC_BENCH_APPEND to the bench_append executable" }
c_callback = ENV.fetch("ASSOC_BENCH_CALLBACK", nil)

def now = Process.clock_gettime(Process::CLOCK_MONOTONIC)

# ---- the model: seed 001's User.keywords over the many-to-many User.kw ----------

$creator_calls = 0
registry = Assoc::Registry.new
Example.user_keyword_tables(registry)
Keyword = registry.mapper("Keyword", "keyword")
User = registry.mapper("User", "user") do
  relationship :kw, "Keyword", secondary: "user_keyword"
  association_proxy :keywords, :kw, :keyword, creator: lambda { |owner, word|
    $creator_calls += 1
    Keyword.new(owner.session, keyword: word)
  }
end
registry.configure

db_path = "/tmp/assoc_bench_append_rb_#{Process.pid}.db"
remove_db = -> { ["", "-journal", "-wal", "-shm"].each { |s| File.delete(db_path + s) if File.exist?(db_path + s) } }
url = mode == "memory" ? "sqlite://" : "sqlite:///#{db_path}" # three slashes + an absolute path: four

CHECKS = [
  ['SELECT count(*) FROM "user"', 1],
  ["SELECT count(*) FROM keyword", KEYWORDS_PER_USER],
  ["SELECT count(*) FROM user_keyword", KEYWORDS_PER_USER],
  ["SELECT count(*) FROM user_keyword AS uk JOIN \"user\" AS u ON u.id = uk.user_id " \
   "JOIN keyword AS k ON k.id = uk.keyword_id " \
   "WHERE substr(k.keyword, 9, length(u.name) - 5 + 1) = substr(u.name, 6) || '.'", KEYWORDS_PER_USER]
].freeze

puts "ruby bench_append: #{n} users x #{KEYWORDS_PER_USER} keywords appended through User#keywords with a " \
     "Ruby creator, then one commit; #{RUBY_DESCRIPTION}; assoc #{Assoc.library_version}"
puts "database: #{mode == 'memory' ? 'in memory (sqlite://)' : "a fresh file #{db_path} for each run"}; best of #{reps}"
puts

# ---- 1. the append job ------------------------------------------------------------------

best = nil
reps.times do
  remove_db.call
  engine = Assoc::Engine.new(url)
  engine.create_all(registry)
  GC.start
  calls_before = $creator_calls
  t0 = now
  session = Assoc::Session.new(engine, registry)
  n.times do |i|
    user = User.new(session, name: "user #{i}")
    keywords = user.keywords
    KEYWORDS_PER_USER.times { |j| keywords << "keyword #{i}.#{j}" }
    session.add(user)
  end
  t1 = now
  pending = session.new_count
  session.commit
  t2 = now
  session.close
  calls = $creator_calls - calls_before
  abort "the creator ran #{calls} times; expected #{n * KEYWORDS_PER_USER}" unless calls == n * KEYWORDS_PER_USER
  abort "#{pending} objects pending before the commit; expected #{n * 11}" unless pending == n * (KEYWORDS_PER_USER + 1)
  CHECKS.each do |sql, per_user|
    got = engine.scalar(sql)
    abort "#{sql} gave #{got}; expected #{n * per_user}" unless got == n * per_user
  end
  engine.dispose
  run = { total: t2 - t0, build: t1 - t0, commit: t2 - t1 }
  printf("%-26s %8.3f s\n", "Ruby append job", run[:total])
  $stdout.flush
  best = run if best.nil? || run[:total] < best[:total]
end
remove_db.call

c_output = IO.popen([c_append, n.to_s, mode, reps.to_s], &:read)
abort "#{c_append} failed:\n#{c_output}" unless $?.success?
c_seconds = Float(c_output[/^append_job_seconds=([0-9.]+)$/, 1] || abort("no append_job_seconds in:\n#{c_output}"))
ratio = best[:total] / c_seconds

puts
printf("  %-40s %10.3f s  (build %.3f s, flush + commit %.3f s)\n", "Ruby append job (Ruby creator)", best[:total],
       best[:build], best[:commit])
printf("  %-40s %10.3f s\n", "C append job (C creator, bench_append)", c_seconds)
printf("  %-40s %9.2fx  %s (target: within %.0fx)\n", "Ruby / C", ratio,
       ratio <= TARGET_APPEND_RATIO ? "within target" : "OVER target", TARGET_APPEND_RATIO)
printf("ruby_append_job_seconds=%.6f\nc_append_job_seconds=%.6f\nruby_append_ratio=%.3f\n", best[:total], c_seconds, ratio)
puts

# ---- 2. one creator call -----------------------------------------------------------------

engine = Assoc::Engine.new("sqlite://")
engine.create_all(registry)
session = Assoc::Session.new(engine, registry)
token = Keyword.new(session, keyword: "token") # what the trivial creator hands back
owner = User.new(session, name: "owner")       # found through the identity cache on each call
creator = ->(_owner, _value) { token }
value = "keyword"

time_best = lambda do |&run|
  Array.new(5) do
    GC.start
    t0 = now
    run.call
    now - t0
  end.min
end
empty_loop = time_best.call do
  i = 0
  i += 1 while i < CREATOR_CALLS
end
direct = time_best.call do
  i = 0
  while i < CREATOR_CALLS
    creator.call(owner, value)
    i += 1
  end
end
through_c = time_best.call do
  made = Assoc::Core.diagnostic_call_creator(creator, CREATOR_CALLS, owner, value)
  abort "the closure's creator did not hand back its object" unless made.equal?(token)
end
session.close

per_call = ->(seconds) { seconds / CREATOR_CALLS * 1e9 }
proc_itself = per_call.call(direct - empty_loop)
through = per_call.call(through_c)
added = through - proc_itself
puts "creator call: #{CREATOR_CALLS} calls of a trivial Ruby lambda (owner, value) -> object, best of 5; " \
     "the C loop passes an owner object and a C string, as the core does"
printf("  %-52s %9.1f ns per call\n", "Ruby calls the lambda (a while loop)", per_call.call(direct))
printf("  %-52s %9.1f ns per call\n", "  of which the lambda itself (less the empty loop)", proc_itself)
printf("  %-52s %9.1f ns per call\n", "C calls it through the closure (core convention)", through)
printf("  %-52s %9.1f ns per call  %s (target: under %.0f ns)\n",
       "closure + dispatcher + rb_protect + conversions add", added,
       added < TARGET_CREATOR_NS ? "within target" : "OVER target", TARGET_CREATOR_NS)
printf("ruby_creator_overhead_ns=%.1f\n", added)
if c_callback
  c_lines = IO.popen([c_callback, "10"], &:read)
  puts "beside it, in C (bench_callback):"
  c_lines.each_line { |line| puts "  #{line.strip}" if line.include?("ns per call") }
end
puts "(figures only: this benchmark does not pass or fail on time)"
