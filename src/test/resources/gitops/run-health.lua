-- Runs an Argo CD health script the way Argo CD does, for ArgoCdHealthCheckMockTest.
--
--   lua5.4 run-health.lua <health.lua>  <  object.lua
--
-- stdin is a Lua chunk "return { ... }": the resource as a table, written by the test from YAML (numbers as
-- floats, nulls left out, as Argo CD's JSON-to-Lua conversion does). The script runs with `obj` as a global and,
-- like Argo CD's custom checks, with the base and table libraries only: no string, math, io or os, and no string
-- methods ("x"):sub(...). Prints the health status on the first line and the message after it. Exits 2 when the
-- script fails or returns something Argo CD would not accept. Works with Lua 5.1 (Argo CD's dialect) and 5.4.

local VALID = { Healthy = true, Progressing = true, Degraded = true, Suspended = true, Missing = true,
  Unknown = true }

local function fail(message)
  io.stderr:write(message, "\n")
  os.exit(2)
end

local function compile(source, name, env)
  if setfenv ~= nil then -- Lua 5.1
    local chunk, err = loadstring(source, name)
    if chunk == nil then
      return nil, err
    end
    setfenv(chunk, env)
    return chunk
  end
  return load(source, name, "t", env)
end

local function readFile(path)
  local file, err = io.open(path, "rb")
  if file == nil then
    fail("cannot read " .. tostring(path) .. ": " .. tostring(err))
  end
  local content = file:read("*a")
  file:close()
  return content
end

if arg[1] == nil then
  fail("usage: run-health.lua <health.lua> < object.lua")
end

local objectChunk, objectErr = compile(io.read("*a"), "=object", {})
if objectChunk == nil then
  fail("object: " .. tostring(objectErr))
end
local obj = objectChunk()

local env = {
  assert = assert, error = error, ipairs = ipairs, next = next, pairs = pairs, pcall = pcall, print = print,
  rawequal = rawequal, rawget = rawget, rawset = rawset, select = select, tonumber = tonumber,
  tostring = tostring, type = type, unpack = unpack, xpcall = xpcall, getmetatable = getmetatable,
  setmetatable = setmetatable, _VERSION = _VERSION,
  table = table,
  obj = obj,
}
env._G = env

local script, scriptErr = compile(readFile(arg[1]), "@" .. arg[1], env)
if script == nil then
  fail("health script: " .. tostring(scriptErr))
end

-- Argo CD does not open the string library, so strings have no methods there either.
local stringMeta = getmetatable("")
local stringIndex = stringMeta.__index
stringMeta.__index = nil
local ok, hs = pcall(script)
stringMeta.__index = stringIndex

if not ok then
  fail("health script failed: " .. tostring(hs))
end
if type(hs) ~= "table" then
  fail("health script returned " .. type(hs) .. ", not a table")
end
if type(hs.status) ~= "string" or not VALID[hs.status] then
  fail("invalid health status: " .. tostring(hs.status))
end
if hs.message ~= nil and type(hs.message) ~= "string" then
  fail("message is a " .. type(hs.message) .. ", not a string")
end
io.write(hs.status, "\n", hs.message or "")
