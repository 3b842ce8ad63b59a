/** The store's Redis scripts. Each write to a conversation is one script, so that its state, its
 * transcript, its indexes and the bot's turn index never disagree, even when a process dies. */

// Lua: ends the turn lease \`lease\` of conversation \`id\` (hash at \`key\`) in the index \`turns\` if it is
// still that lease: out of the index when nothing is left to answer (1), due again at \`now\` when a
// citizen wrote meanwhile (2); 0 when the lease is no longer it. WRITE and SETTLE_TURN end leases with it.
const SETTLE = `
local function settle(turns, key, id, lease, now)
  local held = redis.call('ZSCORE', turns, id)
  if not held or tonumber(held) ~= tonumber(lease) then return 0 end
  local done = tonumber(redis.call('HGET', key, 'processedSeq') or '0')
  local last = tonumber(redis.call('HGET', key, 'citizenSeq') or '0')
  if redis.call('EXISTS', key) == 0 or done >= last then redis.call('ZREM', turns, id) return 1 end
  redis.call('ZADD', turns, now, id)
  return 2
end`;

// Lua: what a bot turn reads: {hash, transcript after \`processedSeq\` (where the next citizen message to
// answer is)}, or {{}, {}} when the conversation is gone. WRITE and LEASE_AND_READ_TURNS read with it.
const READ_FOR_TURN = `
local function readForTurn(key, msgs)
  local hash = redis.call('HGETALL', key)
  if #hash == 0 then return {{}, {}} end
  local done = tonumber(redis.call('HGET', key, 'processedSeq') or '0')
  return {hash, redis.call('LRANGE', msgs, done, -1)}
end`;

// Lua: the citizen message stored under an idempotency key: the latest of the transcript's last
// \`window\` entries that holds \`needle\` (the key as a stored message's JSON encodes it:
// \`"idempotencyKey":"…"\`; a quote inside a text is escaped, so no text can hold it), or nil.
// WRITE and FIND_KEYED search with it.
const KEYED = `
local function keyed(msgs, needle, window)
  local recent = redis.call('LRANGE', msgs, -window, -1)
  for i = #recent, 1, -1 do
    if string.find(recent[i], needle, 1, true) then return recent[i] end
  end
  return nil
end`;

/** One write to a conversation. KEYS: conv hash, transcript list, open, closed, turns.
 * ARGV[1]: JSON spec {now, set, del, citizen, fence, warnsAfter, from, index, lease, settle, read, tokenHash, create, keyNeedle, keyWindow}; ARGV[2]:
 * pub/sub channel; ARGV[3…]: the messages to append, each a JSON object without its seq (apart from the spec,
 * so that neither side encodes them twice). Returns {status, seq of each appended message...}; status 0 ok (1: ok, and the turn whose lease
 * it settled is due again), -1 unknown, -2 fenced (\`fence\`, or \`warnsAfter\`: an emergency warning already
 * written after that seq, \`warnedSeq\`; otherwise the write records its last seq there), -3 wrong mode, -4 closed (\`read\` only), -5 already stored:
 * {-5, the stored entry, hash} when one of the last \`keyWindow\` entries holds \`keyNeedle\` (KEYED), and
 * nothing is written.
 * A citizen's message with \`lease\` (a time) also leases the bot's turn to the writer when no one holds it
 * (not in the index, or due: a lease run out), and then returns {0, seq, hash, transcript after processedSeq}:
 * the storing process runs the turn at once, with no other round trip. A turn's write with \`settle\` (the
 * lease it holds) ends that lease in the same step, as SETTLE_TURN would: out of the index when nothing is
 * left to answer, due again at once when a citizen wrote meanwhile; a lease that is no longer that one is left alone.
 * A citizen's message from a caller who has not read the conversation (\`read\`) is refused unless the
 * token's hash is the stored one (\`tokenHash\`, when given: -1, as unknown) and the conversation is not
 * closed (-4); it returns {0, seq, hash, transcript after processedSeq, 1 if leased else 0, the citizenSeq
 * before it}. Lua 5.1 interns every string, so the hashes' equality is one pointer compare.
 * \`create\` (the new hash's fields and values, flat: ConversationStore.prepare) first creates the
 * conversation, in the open index, so that a conversation and its welcome are one script. */
export const WRITE = `${SETTLE}${READ_FOR_TURN}${KEYED}
local spec = cjson.decode(ARGV[1])
if spec.create then
  redis.call('HSET', KEYS[1], unpack(spec.create))
  redis.call('ZADD', KEYS[3], spec.now, spec.id)
elseif redis.call('EXISTS', KEYS[1]) == 0 then return {-1} end
if spec.tokenHash and redis.call('HGET', KEYS[1], 'tokenHash') ~= spec.tokenHash then return {-1} end
if spec.fence then
  local cur = tonumber(redis.call('HGET', KEYS[1], spec.fence[1]) or '0')
  if cur ~= tonumber(spec.fence[2]) then return {-2} end
end
if spec.warnsAfter and tonumber(redis.call('HGET', KEYS[1], 'warnedSeq') or '0') > spec.warnsAfter then return {-2} end
local mode = redis.call('HGET', KEYS[1], 'mode')
if spec.from then
  local ok = false
  for _, m in ipairs(spec.from) do if m == mode then ok = true end end
  if not ok then return {-3, mode} end
end
if spec.read and mode == 'closed' then return {-4} end
if spec.keyNeedle then
  local found = keyed(KEYS[2], spec.keyNeedle, spec.keyWindow)
  if found then return {-5, found, redis.call('HGETALL', KEYS[1])} end
end
local prior = spec.read and tonumber(redis.call('HGET', KEYS[1], 'citizenSeq') or '0')
local out = {0}
local n = redis.call('LLEN', KEYS[2])
for i = 3, #ARGV do
  local body = ARGV[i]
  n = n + 1
  local msg = '{"seq":' .. n .. ',' .. string.sub(body, 2)
  redis.call('RPUSH', KEYS[2], msg)
  redis.call('PUBLISH', ARGV[2], '{"c":"' .. spec.id .. '","m":' .. msg .. '}')
  table.insert(out, n)
end
local leased = false
if spec.citizen then
  redis.call('HSET', KEYS[1], 'citizenSeq', n)
  if spec.lease then
    local held = redis.call('ZSCORE', KEYS[5], spec.id)
    if not held or tonumber(held) <= spec.now then
      redis.call('ZADD', KEYS[5], spec.lease, spec.id)
      leased = true
    end
  else redis.call('ZADD', KEYS[5], 'NX', spec.now, spec.id) end
end
local set = {'updatedAt', spec.nowIso}
if spec.warnsAfter then table.insert(set, 'warnedSeq') table.insert(set, n) end
for k, v in pairs(spec.set or {}) do table.insert(set, k) table.insert(set, v) end
redis.call('HSET', KEYS[1], unpack(set))
if spec.del and #spec.del > 0 then redis.call('HDEL', KEYS[1], unpack(spec.del)) end
if spec.index == 'open' then
  redis.call('ZADD', KEYS[3], spec.now, spec.id)
  redis.call('ZREM', KEYS[4], spec.id)
elseif spec.index == 'closed' then
  redis.call('ZREM', KEYS[3], spec.id)
  if mode ~= 'survey' and mode ~= 'closed' then redis.call('ZADD', KEYS[4], spec.now, spec.id) end
end
if spec.settle and settle(KEYS[5], KEYS[1], spec.id, spec.settle, spec.now) == 2 then out[1] = 1 end
if leased or spec.read then
  local read = readForTurn(KEYS[1], KEYS[2])
  table.insert(out, read[1])
  table.insert(out, read[2])
end
if spec.read then
  table.insert(out, leased and 1 or 0)
  table.insert(out, prior)
end
return out`;

// Lua: adds an agent to the conversation's `heldBy` list (JSON) unless it is there; their history
// (GET /api/v1/agent/conversations) reads it, and it goes with the hash at purge.
const NOTE_HOLDER = `
local function noteHolder(key, agent)
  local raw = redis.call('HGET', key, 'heldBy')
  local list = raw and cjson.decode(raw) or {}
  for _, a in ipairs(list) do if a == agent then return end end
  table.insert(list, agent)
  redis.call('HSET', key, 'heldBy', cjson.encode(list))
end`;

/** Hands a waiting conversation to one agent; a second claimer gets 'conflict'. KEYS: conv hash. */
export const CLAIM = `${NOTE_HOLDER}
local mode = redis.call('HGET', KEYS[1], 'mode')
if not mode then return 'not_found' end
local agent = redis.call('HGET', KEYS[1], 'agent')
if mode == 'agent' and agent == ARGV[1] then return 'ok' end
if mode == 'agent' then return 'conflict' end
if mode ~= 'waiting' then return 'not_waiting' end
redis.call('HSET', KEYS[1], 'mode', 'agent', 'agent', ARGV[1], 'claimedAt', ARGV[2], 'updatedAt', ARGV[2])
noteHolder(KEYS[1], ARGV[1])
return 'ok'`;

/** What a bot turn needs, leased and read in one round trip: leases up to ARGV[3] conversations whose
 * turn is due (score <= ARGV[1]) until ARGV[2] — the lease (score) fences the holder's later calls — and
 * returns, for each, {id, hash, transcript after \`processedSeq\` (where the next citizen message to answer
 * is)} ({id, {}, {}} when it is gone). KEYS: turns. ARGV[4]: the conversations' key prefix ("<prefix>:conv:"); the hashes and
 * transcripts are not in KEYS (their ids come from the index), which a single Redis or a Sentinel-managed
 * one allows (Redis Cluster would not, and Relais does not run on it). */
export const LEASE_AND_READ_TURNS = `${READ_FOR_TURN}
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
local out = {}
for _, id in ipairs(ids) do
  redis.call('ZADD', KEYS[1], ARGV[2], id)
  local key = ARGV[4] .. id
  local read = readForTurn(key, key .. ':msgs')
  out[#out + 1] = {id, read[1], read[2]}
end
return out`;

/** The citizen message stored under an idempotency key, found as WRITE finds it (KEYED), for a caller
 * with work to skip before its write when the message is a resend. KEYS: transcript list. ARGV: needle,
 * window. Returns the stored entry, or nil: only the match leaves Redis, not the transcript around it. */
export const FIND_KEYED = `${KEYED}
return keyed(KEYS[1], ARGV[1], tonumber(ARGV[2]))`;

/** Ends a lease. KEYS: turns, conv hash. ARGV: id, lease held, now. Removes the conversation from the
 * index unless a citizen message is still unanswered, in which case it is due again at once.
 * Returns 0 when the lease was no longer ours. */
export const SETTLE_TURN = `${SETTLE}
return settle(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3])`;

/** Moves a delivery cursor forward, never back. KEYS: conv hash. ARGV: from, to. Returns 1 when moved. */
export const ADVANCE_DELIVERY = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local cur = tonumber(redis.call('HGET', KEYS[1], 'deliveredSeq') or '0')
if cur ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'deliveredSeq', ARGV[2])
return 1`;

// Moves a held conversation to another agent; ARGV[1] = the holder expected ('' = any holder).
/** KEYS: conv hash. */
export const HAND_OVER = `${NOTE_HOLDER}
if redis.call('HGET', KEYS[1], 'mode') ~= 'agent' then return false end
local agent = redis.call('HGET', KEYS[1], 'agent')
if ARGV[1] ~= '' and agent ~= ARGV[1] then return false end
redis.call('HSET', KEYS[1], 'agent', ARGV[2], 'claimedAt', ARGV[3], 'updatedAt', ARGV[3])
noteHolder(KEYS[1], ARGV[2])
return agent`;

// Puts a held conversation back in the waiting state; returns the agent who held it.
/** KEYS: conv hash. */
export const PUT_BACK = `
if redis.call('HGET', KEYS[1], 'mode') ~= 'agent' then return false end
local agent = redis.call('HGET', KEYS[1], 'agent')
if ARGV[1] ~= '' and agent ~= ARGV[1] then return false end
redis.call('HSET', KEYS[1], 'mode', 'waiting', 'updatedAt', ARGV[2])
redis.call('HDEL', KEYS[1], 'agent')
return agent`;

/** Blanks every message of a transcript (text, choices, links, originals gone; seq, author and time
 * kept, so the numbering of later messages does not move). KEYS: transcript list. */
export const BLANK = `
local n = redis.call('LLEN', KEYS[1])
for i = 0, n - 1 do
  local m = cjson.decode(redis.call('LINDEX', KEYS[1], i))
  if not m.erased then
    redis.call('LSET', KEYS[1], i, cjson.encode({seq = m.seq, from = m.from, at = m.at, text = '', erased = true}))
  end
end
return n`;

/** Links a follow-up code's hash to a living conversation. KEYS: conv hash, code link, the
 * conversation's set of code hashes. ARGV: id, code hash. Returns 0 when the conversation is gone. */
export const LINK_FOLLOW_UP = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('SET', KEYS[2], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[2])
return 1`;

/** A citizen's read in one command: the token's hash and the transcript from a position (the caller
 * checks the token, in constant time, before it returns anything read). KEYS: conv hash, transcript
 * list. ARGV: first position. Returns false when the conversation is gone. */
export const READ_WITH_TOKEN_HASH = `
local h = redis.call('HGET', KEYS[1], 'tokenHash')
if not h then return false end
return {h, redis.call('LRANGE', KEYS[2], ARGV[1], -1)}`;

/** Sets one field of an existing hash only. KEYS: the hash. ARGV: field, value. Returns 0 when it is gone. */
export const SET_IF_EXISTS = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1`;

/** Deletes a conversation's follow-up code links and their set. KEYS: the set. ARGV: the links' key prefix. */
export const DROP_FOLLOW_UPS = `
for _, h in ipairs(redis.call('SMEMBERS', KEYS[1])) do redis.call('DEL', ARGV[1] .. h) end
redis.call('DEL', KEYS[1])
return 1`;
