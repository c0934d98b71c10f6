import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { router } from './router'
import { locale } from './shared/i18n'
import { applyTheme } from './shared/theme'
import './style.css'

document.documentElement.lang = locale.value
applyTheme()
createApp(App).use(createPinia()).use(router).mount('#app')
