// Generates the vectors in this folder by running the npm package paypal-permissions-sdk
// 1.0.10 (PermissionsApi.getAuthString, a port of PayPal's Java SDK OAuthSignature), with its
// clock fixed. Usage, from a folder where `npm pack paypal-permissions-sdk@1.0.10` was
// unpacked into ./package, and with a stub for its unused node-rest-client dependency on
// NODE_PATH:  node gen-vectors.js
// The SDK's encoder works on UTF-16 code units, so only ASCII inputs are used.
const PermissionsApi = require('./package/index.js')
const fs = require('fs')

const cases = [
  { name: 'paypal-sdk-sandbox-getbasicpersonaldata', method: 'POST', url: 'https://svcs.sandbox.paypal.com/Permissions/GetBasicPersonalData',
    userId: 'jb-us-seller_api1.paypal.com', password: 'WX4WTU3S8MY44S7F',
    token: 'AhARVvVPBOlOICu1xkH29I53ZvD.0p-vYauZhyWnKxMb5861PXG82Q', tokenSecret: 'Ctsch..an4Bgx0I75X8CTNxqRn8', time: 1318622958 },
  { name: 'paypal-sdk-live-getadvancedpersonaldata', method: 'POST', url: 'https://svcs.paypal.com/Permissions/GetAdvancedPersonalData',
    userId: 'merchant_api1.example.com', password: 'A B-C.D*E~F', token: 'ESTy2hio5WJQo1iixkH29I53RJxaS0Gvno1A6.YQXZgktxbY4I2Tdg',
    tokenSecret: 'ZKPhUYuwJwYsfWdzorozWO2U9pI', time: 1700000000 },
  { name: 'paypal-sdk-nvp-special-characters', method: 'POST', url: 'https://api-3t.sandbox.paypal.com/nvp',
    userId: 'a+b@c.d', password: "p&ss=w%rd!'()", token: 'tok-en_1.2~3', tokenSecret: 's e/c+r=t', time: 1234567890 },
]
const out = []
for (const c of cases) {
  const api = new PermissionsApi({ userId: c.userId, password: c.password, mode: 'sandbox' })
  api.setAuth(c.token, c.tokenSecret)
  const realNow = Date.now
  Date.now = () => c.time * 1000
  const header = api.getAuthString(c.method, c.url)
  Date.now = realNow
  const v = {
    scheme: 'paypal-permissions', name: c.name,
    source: { package: 'npm paypal-permissions-sdk@1.0.10', function: 'PermissionsApi.getAuthString', script: 'gen-vectors.js' },
    inputs: { method: c.method, url: c.url, username: c.userId, password: c.password, token: c.token, token_secret: c.tokenSecret, timestamp: c.time },
    expected: { header: header },
  }
  fs.writeFileSync(c.name + '.json', JSON.stringify(v, null, 2) + '\n')
}
