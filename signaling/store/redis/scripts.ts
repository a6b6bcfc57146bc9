// The Lua scripts of the Redis backend: every step two processes could race on runs as one script, so Redis
// runs it whole before any other command. Keys are built inside the scripts from the prefix (ARGV[1]) because a
// member's record names its process's key; that rules out Redis Cluster, not a primary with replicas or Sentinel.
//
// Keys (P = REDIS_KEY_PREFIX):
//   P code:<code>          string "issued" | "joined"; its TTL is the code's life (none while the room has members)
//   P members:<code>       hash socketId -> "role\ttoken\tprocessId"
//   P removed:<code>       set of tokens of members the camera removed; expires with the code key
//   P codes                zset code -> deadline (ms; +inf while the room has members): the live-code gauge
//   P members              integer: members in all rooms (kept by these scripts, so the gauge needs no SCAN)
//   P procs                set of process ids that may hold members
//   P proc:<id>            heartbeat of a process, with a TTL
//   P proc-members:<id>    set of "code socketId" held by that process, freed when its heartbeat expires
//   P sw:<name>:<key>      zset attemptId -> ms: a sliding window
import type { Redis } from "ioredis";

/** Redis's clock, so every process agrees on "now"; allowed in scripts since Redis 5 (effects replication). */
const NOW = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

/** Removes one member (record, process index, counter); the room enters its grace period when it empties. */
const REMOVE_MEMBER = `
local function remove_member(P, code, sid, grace)
  local members = P .. 'members:' .. code
  local v = redis.call('HGET', members, sid)
  if not v then return false end
  redis.call('HDEL', members, sid)
  local proc = string.match(v, '\\t([^\\t]*)$')
  redis.call('SREM', P .. 'proc-members:' .. proc, code .. ' ' .. sid)
  redis.call('DECR', P .. 'members')
  if redis.call('HLEN', members) == 0 then
    if grace > 0 then
      redis.call('PEXPIRE', P .. 'code:' .. code, grace)
      redis.call('PEXPIRE', P .. 'removed:' .. code, grace)
      redis.call('ZADD', P .. 'codes', now_ms() + grace, code)
    else
      redis.call('DEL', P .. 'code:' .. code, P .. 'removed:' .. code)
      redis.call('ZREM', P .. 'codes', code)
    end
  end
  return v
end
`;

/** ARGV: prefix, ttlMs, candidate codes... → {code, expiresAt} for the first candidate not live, or nil. */
const ISSUE = `${NOW}
local P, ttl = ARGV[1], tonumber(ARGV[2])
local now = now_ms()
-- Codes whose deadline passed have expired keys too; trimming here keeps the gauge's set the size of the live ones.
redis.call('ZREMRANGEBYSCORE', P .. 'codes', '-inf', now)
for i = 3, #ARGV do
  if redis.call('SET', P .. 'code:' .. ARGV[i], 'issued', 'NX', 'PX', ttl) then
    -- A ban of the code's previous life expires with it; dropped here should the two expiries ever part.
    redis.call('DEL', P .. 'removed:' .. ARGV[i])
    redis.call('ZADD', P .. 'codes', now + ttl, ARGV[i])
    return {ARGV[i], now + ttl}
  end
end
return false
`;

/**
 * ARGV: prefix, code, role, socketId, token ('' for none), newToken, maxViewers, processId.
 * → {'CODE_NOT_FOUND'} | {'REMOVED'} | {'ROOM_FULL'} | {'OK', replacedId, replacedRecord, peerId, peerRole, ...}.
 * The camera slot, the last viewer slot and a reclaim are all decided here, in one step.
 */
const JOIN = `
local P, code, role, sid, token, newToken, maxViewers, proc =
  ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], tonumber(ARGV[7]), ARGV[8]
local codeKey, members = P .. 'code:' .. code, P .. 'members:' .. code
if redis.call('EXISTS', codeKey) == 0 then return {'CODE_NOT_FOUND'} end
if token ~= '' and redis.call('SISMEMBER', P .. 'removed:' .. code, token) == 1 then return {'REMOVED'} end
local all = redis.call('HGETALL', members)
local cameras, viewers, holder, holderRecord = 0, 0, nil, nil
for i = 1, #all, 2 do
  local r, t = string.match(all[i + 1], '^(%a+)\\t([^\\t]*)\\t')
  if r == 'camera' then cameras = cameras + 1 else viewers = viewers + 1 end
  -- A token only reclaims a slot of the role it was issued for.
  if token ~= '' and t == token and r == role then holder, holderRecord = all[i], all[i + 1] end
end
local free = (role == 'camera' and cameras == 0) or (role == 'viewer' and viewers < maxViewers)
if not holder and not free then return {'ROOM_FULL'} end
local reply = {'OK', holder or '', holderRecord or ''}
for i = 1, #all, 2 do
  if all[i] ~= holder then
    reply[#reply + 1] = all[i]
    reply[#reply + 1] = string.match(all[i + 1], '^(%a+)')
  end
end
if holder then
  redis.call('HDEL', members, holder)
  local hproc = string.match(holderRecord, '\\t([^\\t]*)$')
  redis.call('SREM', P .. 'proc-members:' .. hproc, code .. ' ' .. holder)
else
  redis.call('INCR', P .. 'members')
end
redis.call('HSET', members, sid, role .. '\\t' .. newToken .. '\\t' .. proc)
redis.call('SADD', P .. 'proc-members:' .. proc, code .. ' ' .. sid)
-- SET without an expiry drops the TTL: a room with members lives until its last member leaves.
redis.call('SET', codeKey, 'joined')
redis.call('PERSIST', P .. 'removed:' .. code)
redis.call('ZADD', P .. 'codes', 'inf', code)
return reply
`;

/** ARGV: prefix, code, socketId, graceMs → the removed record, or nil. */
const LEAVE = `${NOW}${REMOVE_MEMBER}
return remove_member(ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]))
`;

/**
 * ARGV: prefix, code, socketId, graceMs → the removed record, or nil. The member leaves as with LEAVE and its
 * token joins the code's ban list, which lives exactly as long as the code key.
 */
const REMOVE = `${NOW}${REMOVE_MEMBER}
local P, code = ARGV[1], ARGV[2]
local v = remove_member(P, code, ARGV[3], tonumber(ARGV[4]))
if not v then return false end
local removed = P .. 'removed:' .. code
redis.call('SADD', removed, string.match(v, '^%a+\\t([^\\t]*)\\t'))
local ttl = redis.call('PTTL', P .. 'code:' .. code)
if ttl > 0 then redis.call('PEXPIRE', removed, ttl) elseif ttl == -2 then redis.call('DEL', removed) end
return v
`;

/** ARGV: prefix → {codes, rooms, members}. */
const STATS = `${NOW}
local P = ARGV[1]
local codes = redis.call('ZCOUNT', P .. 'codes', '(' .. now_ms(), '+inf')
local rooms = redis.call('ZCOUNT', P .. 'codes', 'inf', 'inf')
return {codes, rooms, tonumber(redis.call('GET', P .. 'members') or '0')}
`;

/** ARGV: prefix, processId, ttlMs → 1 when the process was not registered (first beat, or it had been declared dead). */
const HEARTBEAT = `
local P, id = ARGV[1], ARGV[2]
local fresh = redis.call('SADD', P .. 'procs', id)
redis.call('SET', P .. 'proc:' .. id, '1', 'PX', tonumber(ARGV[3]))
return fresh
`;

/**
 * ARGV: prefix, graceMs → {code, socketId, record, ...} for every member of every process whose heartbeat
 * expired; those processes are forgotten. Run by every live process; the script makes one of them do each.
 */
const REAP = `${NOW}${REMOVE_MEMBER}
local P, grace = ARGV[1], tonumber(ARGV[2])
local freed = {}
for _, id in ipairs(redis.call('SMEMBERS', P .. 'procs')) do
  if redis.call('EXISTS', P .. 'proc:' .. id) == 0 then
    local held = P .. 'proc-members:' .. id
    for _, entry in ipairs(redis.call('SMEMBERS', held)) do
      local code, sid = string.match(entry, '^(%d+) (.+)$')
      local v = code and remove_member(P, code, sid, grace)
      if v then
        freed[#freed + 1] = code
        freed[#freed + 1] = sid
        freed[#freed + 1] = v
      end
    end
    redis.call('DEL', held)
    redis.call('SREM', P .. 'procs', id)
  end
end
return freed
`;

/** ARGV: prefix, windowKey, points, windowMs, attemptId → {1, id} | {0, retryAfterMs}. */
const WINDOW_TAKE = `${NOW}
local key, points, window = ARGV[1] .. 'sw:' .. ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local now = now_ms()
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
if redis.call('ZCARD', key) < points then
  redis.call('ZADD', key, now, ARGV[5])
  redis.call('PEXPIRE', key, window)
  return {1, ARGV[5]}
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return {0, math.max(1, tonumber(oldest[2]) + window - now)}
`;

export interface CodecamCommands {
  codecamIssue(...args: (string | number)[]): Promise<[string, number] | null>;
  codecamJoin(...args: (string | number)[]): Promise<string[]>;
  codecamLeave(...args: (string | number)[]): Promise<string | null>;
  codecamRemove(...args: (string | number)[]): Promise<string | null>;
  codecamStats(prefix: string): Promise<[number, number, number]>;
  codecamHeartbeat(prefix: string, id: string, ttlMs: number): Promise<number>;
  codecamReap(prefix: string, graceMs: number): Promise<string[]>;
  codecamWindowTake(...args: (string | number)[]): Promise<[number, string | number]>;
}

export type CodecamRedis = Redis & CodecamCommands;

/** Registers the scripts on a client: ioredis sends each by EVALSHA and loads it again after a Redis restart. */
export function defineScripts(client: Redis): CodecamRedis {
  const scripts: Record<keyof CodecamCommands, string> = {
    codecamIssue: ISSUE,
    codecamJoin: JOIN,
    codecamLeave: LEAVE,
    codecamRemove: REMOVE,
    codecamStats: STATS,
    codecamHeartbeat: HEARTBEAT,
    codecamReap: REAP,
    codecamWindowTake: WINDOW_TAKE,
  };
  for (const [name, lua] of Object.entries(scripts)) client.defineCommand(name, { numberOfKeys: 0, lua });
  return client as CodecamRedis;
}
