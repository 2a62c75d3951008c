"""An emulator of the WeCom 微信客服 API (``emulator.WeComEmulator``) and a customer client
for tests (``customer.Customer``); see docs/sandbox.md."""
