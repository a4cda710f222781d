# frozen_string_literal: true

# bench/ruby/bench_issue11.rb - issue 11's workload (seed 001, "Simplifying
# Association Objects") through the Ruby binding, with the creator a Ruby
# lambda, against the C API's same jobs (bench_issue11 --jobs) measured in
# the same run.
#
# The jobs are bench/bench_issue11.c's: W (create N users and append K = 10
# strings "kw{i}_{j}" each through User#keywords, whose creator makes a
# Keyword and a UserKeywordAssociation; one transaction, a fresh file), then
# in a fresh session load every user and copy its K strings read through the
# proxy into Ruby strings: R default (lazy: :default, the library's default:
# it batches each hop; the binding itself defaults to :select), R lazy: :select (both hops one by one), R lazy: :selectin (both
# hops). Each repetition runs in a forked child, so its peak RSS (VmHWM) is
# its own.
#
# Printed per job: seconds (best of R), the ratio to the C job, statements
# (the statement log, Engine#on_statement), peak RSS, and bytes per object
# above the hand-written sqlite3 job of the same kind (W or R) that
# bench_issue11 ran in this run, as the C program prints them (the
# interpreter's footprint is in that figure; a child's RSS at its start is
# printed beside). Self-checks: the strings read back are the ones written,
# the rows are there, the creator ran N * K times, and every job ran the
# statements the C API's same job ran. It exits non-zero only when something
# does not work, never on time.
#
# usage: ruby bench_issue11.rb [N [R]]   (defaults 20000 3; ASSOC_BENCH_ISSUE11 = the bench_issue11 executable)
#        ruby bench_issue11.rb --child <job> <N> <db path>   (one repetition in this process, for profiling)
require "assoc"

K = 10
JOBS = {
  "lib_w" => ["W  Ruby, Ruby creator", :default],
  "lib_r_default" => ["R  Ruby, default (batched)", :default],
  "lib_r_select" => ["R  Ruby, lazy: :select", :select],
  "lib_r_eager" => ["R  Ruby, lazy: :selectin", :selectin]
}.freeze

def fail!(message)
  $stdout.flush
  warn "bench_issue11.rb: #{message}"
  exit! 1
end

def now = Process.clock_gettime(Process::CLOCK_MONOTONIC)
def cpu_now = Process.clock_gettime(Process::CLOCK_PROCESS_CPUTIME_ID) # user + system

# [peak, current] RSS of this process in kB (Linux)
def rss_kb
  status = File.read("/proc/self/status")
  [status[/VmHWM:\s*(\d+)/, 1].to_i, status[/VmRSS:\s*(\d+)/, 1].to_i]
rescue SystemCallError
  [0, 0]
end

# ---- one repetition, in a child -----------------------------------------------------------

def define_model(lazy, counter)
  registry = Assoc::Registry.new
  registry.table("user") do |t|
    t.column :id, :integer, primary_key: true
    t.column :name, :text
  end
  registry.table("keyword") do |t|
    t.column :id, :integer, primary_key: true
    t.column :keyword, :text
  end
  registry.table("user_keyword") do |t|
    t.column :user_id, :integer, foreign_key: "user.id", primary_key: true
    t.column :keyword_id, :integer, foreign_key: "keyword.id", primary_key: true
    t.column :special_key, :text
  end
  # the job's loading strategy, spelled out (:default is also the binding's default)
  rel = { lazy: lazy }
  keyword = registry.mapper("Keyword", "keyword")
  uka = registry.mapper("UserKeywordAssociation", "user_keyword") do
    relationship :user, "User", back_populates: "user_keyword_associations"
    relationship :keyword, "Keyword", **rel
  end
  user = registry.mapper("User", "user") do
    relationship :user_keyword_associations, "UserKeywordAssociation", cascade: "all, delete-orphan",
                                                                       back_populates: "user", **rel
    association_proxy :keywords, :user_keyword_associations, :keyword, creator: lambda { |owner, word|
      counter[0] += 1
      uka.new(owner.session, keyword: keyword.new(owner.session, keyword: word))
    }
  end
  registry.configure
  [registry, user]
end

def child(job, n, path)
  start_kb = rss_kb[1]
  counter = [0]
  registry, user_class = define_model(JOBS.fetch(job)[1], counter)
  ["", "-journal"].each { |s| File.delete(path + s) if File.exist?(path + s) } if job == "lib_w"
  engine = Assoc::Engine.new("sqlite:///#{path}")
  engine.create_all(registry) if job == "lib_w"
  statements = 0
  engine.on_statement { |_sql, _params, _seconds| statements += 1 }

  if job == "lib_w"
    c0 = cpu_now
    t0 = now
    session = Assoc::Session.new(engine, registry)
    n.times do |i|
      user = user_class.new(session, name: "u#{i}")
      session.add(user)
      keywords = user.keywords
      K.times { |j| keywords << "kw#{i}_#{j}" }
    end
    session.commit
    seconds = now - t0
    cpu = cpu_now - c0
    ran = statements
    session.close
    fail! "W: the creator ran #{counter[0]} times; expected #{n * K}" unless counter[0] == n * K
    [['SELECT count(*) FROM "user"', n], ["SELECT count(*) FROM keyword", n * K],
     ["SELECT count(*) FROM user_keyword", n * K]].each do |sql, want|
      fail! "W: #{sql} is not #{want}" unless engine.scalar(sql) == want
    end
  else
    names = []
    keywords = []
    c0 = cpu_now
    t0 = now
    session = Assoc::Session.new(engine, registry)
    users = session.query(user_class).all
    fail! "#{job}: the query gave #{users.size} users; expected #{n}" unless users.size == n
    users.each do |u|
      names << u.name
      kw = u.keywords
      fail! "#{job}: user #{u.name} has #{kw.size} keywords" unless kw.size == K
      keywords << Array.new(K) { |j| kw[j].keyword }
    end
    seconds = now - t0
    cpu = cpu_now - c0
    ran = statements
    # every user "u{i}" once, with exactly "kw{i}_0" .. "kw{i}_9" in that order
    seen = {}
    names.each_with_index do |name, u|
      i = name[/\Au(\d+)\z/, 1]&.to_i
      fail! "#{job}: unexpected or repeated user name #{name.inspect}" if i.nil? || i >= n || seen[i]
      seen[i] = true
      K.times do |j|
        want = "kw#{i}_#{j}"
        got = keywords[u][j]
        fail! "#{job}: user #{name} keyword #{j} is #{got.inspect}; expected #{want.inspect}" unless got == want
      end
    end
    session.close
  end
  engine.dispose
  { seconds: seconds, statements: ran, maxrss_kb: rss_kb[0], start_kb: start_kb, cpu: cpu }
end

if ARGV[0] == "--child"
  abort "usage: #{$PROGRAM_NAME} --child <job> <N> <db path>" unless ARGV.size == 4 && JOBS.key?(ARGV[1])
  f = child(ARGV[1], Integer(ARGV[2]), ARGV[3])
  printf("seconds=%.6f statements=%d maxrss_kb=%d cpu=%.6f\n", f[:seconds], f[:statements], f[:maxrss_kb], f[:cpu])
  exit 0
end

# ---- the parent ---------------------------------------------------------------------------------

def usage!
  abort "usage: #{$PROGRAM_NAME} [N [R]]  (N users, default 20000; R repetitions, default 3)"
end

n = Integer(ARGV[0] || 20_000, exception: false) || usage!
reps = Integer(ARGV[1] || 3, exception: false) || usage!
usage! unless n.positive? && reps.positive? && ARGV.size <= 2
c_bench = ENV.fetch("ASSOC_BENCH_ISSUE11") { abort "set ASSOC_BENCH_ISSUE11 to the bench_issue11 executable" }
path = "/tmp/assoc_bench_issue11_rb_#{Process.pid}.db"

puts "bench_issue11.rb: seed 001 association objects, #{n} users x #{K} keywords through User#keywords " \
     "(creator in Ruby) = #{21 * n} objects; best of #{reps}; #{RUBY_DESCRIPTION}; assoc " \
     "#{Assoc.library_version}; each repetition in a forked child"
$stdout.flush

start_kb = 0
ruby = {}
JOBS.each_key do |job|
  reps.times do
    reader, writer = IO.pipe
    pid = fork do
      reader.close
      writer.write(Marshal.dump(child(job, n, path)))
      writer.close
      exit! 0
    end
    writer.close
    data = reader.read
    reader.close
    Process.wait(pid)
    fail! "#{job} failed (N=#{n})" unless $?.success? && !data.empty?
    f = Marshal.load(data) # rubocop:disable Security/MarshalLoad -- our own child
    start_kb = [start_kb, f[:start_kb]].max
    if (best = ruby[job])
      fail! "#{job} ran #{best[:statements]} statements, then #{f[:statements]}" if best[:statements] != f[:statements]
      best[:seconds] = [best[:seconds], f[:seconds]].min
      best[:cpu] = [best[:cpu], f[:cpu]].min
      best[:maxrss_kb] = [best[:maxrss_kb], f[:maxrss_kb]].max
    else
      ruby[job] = f
    end
  end
end
["", "-journal"].each { |s| File.delete(path + s) if File.exist?(path + s) }

# the C API's same jobs and the hand-written sqlite3 baselines, in this run
out = IO.popen([c_bench, "--jobs", n.to_s, reps.to_s], &:read)
fail! "#{c_bench} --jobs failed:\n#{out}" unless $?.success?
c = {}
out.scan(/^job=(\S+) seconds=([0-9.]+) statements=(\d+) maxrss_kb=(\d+) cpu=([0-9.]+)$/) do |key, sec, st, kb, cpu|
  c[key] = { seconds: Float(sec), statements: Integer(st), maxrss_kb: Integer(kb), cpu: Float(cpu) }
end
%w[base_w_fk base_r_fk lib_w lib_r_default lib_r_select lib_r_eager].each do |key|
  fail! "no job=#{key} in the output of #{c_bench} --jobs" unless c[key]
end

objects = 21.0 * n
printf("  %-30s %10s %9s %10s %9s %11s %11s %14s\n", "job", "seconds", "vs C API", "CPU", "CPU vs C", "statements",
       "peak RSS", "bytes/object")
row = lambda do |name, f, cf, base|
  printf("  %-30s %8.3f s %8.2fx %8.3f s %8.2fx %11d %8.1f MB %14.1f\n", name, f[:seconds], f[:seconds] / cf[:seconds],
         f[:cpu], f[:cpu] / cf[:cpu], f[:statements], f[:maxrss_kb] / 1024.0,
         (f[:maxrss_kb] - base[:maxrss_kb]) * 1024 / objects)
end
bad = false
JOBS.each do |job, (name, _)|
  base = job == "lib_w" ? c["base_w_fk"] : c["base_r_fk"]
  row.call(name, ruby[job], c[job], base)
  row.call("   C API, same job", c[job], c[job], base)
  next if ruby[job][:statements] == c[job][:statements]

  warn "#{job}: #{ruby[job][:statements]} statements; the C API's same job ran #{c[job][:statements]}"
  bad = true
end
puts "(vs C API: against bench_issue11's same job in this run; CPU: user + system seconds of the timed part"
puts " (less sensitive than seconds to a loaded machine); bytes/object: above the sqlite3 job with FKs on"
printf(" of the same kind, W or R; a child starts at %.1f MB; figures only: nothing fails on time)\n", start_kb / 1024.0)
JOBS.each_key do |job|
  printf("ruby_%s_seconds=%.6f ratio=%.3f cpu_ratio=%.3f\n", job.delete_prefix("lib_"), ruby[job][:seconds],
         ruby[job][:seconds] / c[job][:seconds], ruby[job][:cpu] / c[job][:cpu])
end
exit 1 if bad
