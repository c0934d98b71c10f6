// The component kit behind one door. The console uses Element Plus for its
// forms, dialogs, menus, tables and messages, imported component by component
// (with each one's stylesheet) so a page carries only what it uses; the kit's
// colours come from our tokens (style.css maps --el-* onto them) and its texts
// from the console's language. Heavier parts live in their own modules
// (kit-table.ts) and load with the lazy pages that need them. The desk's hot
// path (thread, reply box) does not use the kit.

import 'element-plus/es/components/base/style/css'
import 'element-plus/es/components/button/style/css'
import 'element-plus/es/components/dialog/style/css'
import 'element-plus/es/components/dropdown/style/css'
import 'element-plus/es/components/dropdown-item/style/css'
import 'element-plus/es/components/dropdown-menu/style/css'
import 'element-plus/es/components/input/style/css'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import 'element-plus/es/components/option/style/css'
import 'element-plus/es/components/select/style/css'
import 'element-plus/es/components/switch/style/css'
import 'element-plus/theme-chalk/dark/css-vars.css'
import { computed } from 'vue'
import en from 'element-plus/es/locale/lang/en.mjs'
import zhCn from 'element-plus/es/locale/lang/zh-cn.mjs'
import { locale } from './i18n'

export {
  ElButton as KButton,
  ElConfigProvider as KConfig,
  ElDialog as KDialog,
  ElDropdown as KDropdown,
  ElDropdownItem as KDropdownItem,
  ElDropdownMenu as KDropdownMenu,
  ElInput as KInput,
  ElOption as KOption,
  ElSelect as KSelect,
  ElSwitch as KSwitch,
} from 'element-plus'

/** The kit's own texts (pickers, pagination …) in the console's language. */
export const kitLocale = computed(() => (locale.value === 'en' ? en : zhCn))
