// The auth feature's strings, in zh-CN (the default) and en.

export const zh = {
  loginTitle: '登录客服台',
  username: '用户名',
  password: '密码',
  login: '登录',
  loggingIn: '登录中…',
  loginFailed: '用户名或密码错误',
  loginUnreachable: '无法连接服务器，请稍后再试',
}

export const en: Record<keyof typeof zh, string> = {
  loginTitle: 'Sign in to the desk',
  username: 'User name',
  password: 'Password',
  login: 'Sign in',
  loggingIn: 'Signing in…',
  loginFailed: 'Wrong user name or password',
  loginUnreachable: 'Cannot reach the server. Please try again later',
}
