package webhook

import (
	"container/list"
	"crypto/tls"
	"net"
	"net/http"
	"sync"
)

// evictingListener admits at most max connections at once. When every slot is taken, a new
// connection evicts the oldest one that has not started a request yet (still in its TLS
// handshake or headers: http.StateNew), so clients holding half-open connections cannot lock the
// API server out; only when every held connection is busy with a request does Accept wait for
// a slot. A client completes its handshake within milliseconds, so the oldest unstarted
// connections are the ones that will never start.
type evictingListener struct {
	net.Listener
	max int
	// evicted is called once per evicted connection (a metric).
	evicted func()

	mu     sync.Mutex
	freed  *sync.Cond // signalled when a slot frees or the listener closes
	open   int
	fresh  list.List // *trackedConn that have not started a request, oldest first
	closed bool
}

func newEvictingListener(inner net.Listener, max int, evicted func()) *evictingListener {
	l := &evictingListener{Listener: inner, max: max, evicted: evicted}
	l.freed = sync.NewCond(&l.mu)
	return l
}

// trackedConn is a connection counted by its evictingListener.
type trackedConn struct {
	net.Conn
	l *evictingListener
	// fresh is its element in l.fresh while no request has started; released is set once its
	// slot is given back. Both are guarded by l.mu.
	fresh    *list.Element
	released bool
}

// Accept returns the next connection once it has a slot, evicting a connection that never
// started a request if need be.
func (l *evictingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	for l.open >= l.max && !l.closed {
		oldest := l.fresh.Front()
		if oldest == nil {
			l.freed.Wait()
			continue
		}
		victim := oldest.Value.(*trackedConn)
		l.releaseLocked(victim)
		l.mu.Unlock()
		_ = victim.Conn.Close() // its server goroutine sees the error and ends
		if l.evicted != nil {
			l.evicted()
		}
		l.mu.Lock()
	}
	if l.closed {
		l.mu.Unlock()
		_ = c.Close()
		return nil, net.ErrClosed
	}
	l.open++
	tc := &trackedConn{Conn: c, l: l}
	tc.fresh = l.fresh.PushBack(tc)
	l.mu.Unlock()
	return tc, nil
}

// Close stops accepting; an Accept waiting for a slot returns net.ErrClosed.
func (l *evictingListener) Close() error {
	l.mu.Lock()
	l.closed = true
	l.freed.Broadcast()
	l.mu.Unlock()
	return l.Listener.Close()
}

// releaseLocked gives c's slot back (once).
func (l *evictingListener) releaseLocked(c *trackedConn) {
	if c.released {
		return
	}
	c.released = true
	if c.fresh != nil {
		l.fresh.Remove(c.fresh)
		c.fresh = nil
	}
	l.open--
	l.freed.Signal()
}

// started marks c as having started a request: it is no longer evicted for newcomers.
func (l *evictingListener) started(c *trackedConn) {
	l.mu.Lock()
	if c.fresh != nil {
		l.fresh.Remove(c.fresh)
		c.fresh = nil
	}
	l.mu.Unlock()
}

// connState is the http.Server's ConnState hook: a connection that starts a request, or goes
// idle between requests, is no longer a candidate for eviction.
func (l *evictingListener) connState(c net.Conn, state http.ConnState) {
	if state == http.StateNew {
		return
	}
	if tc, ok := c.(*tls.Conn); ok {
		c = tc.NetConn()
	}
	if t, ok := c.(*trackedConn); ok && t.l == l {
		l.started(t)
	}
}

// Close closes the connection and gives its slot back.
func (c *trackedConn) Close() error {
	c.l.mu.Lock()
	c.l.releaseLocked(c)
	c.l.mu.Unlock()
	return c.Conn.Close()
}
