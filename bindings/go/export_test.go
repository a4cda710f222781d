package assoc

// LiveSessions reports the sessions not closed yet, for the tests.
func LiveSessions() (n int, objects int, releases int) {
	sessions.m.Range(func(_, p any) bool {
		s := sessionAt(p.(uintptr))
		s.mu.Lock()
		n++
		objects += len(s.objects)
		releases += len(s.releases)
		s.mu.Unlock()
		return true
	})
	return
}
