#include "python.h"

#include "errors.h"

#include <dlfcn.h>

#include <sys/types.h>

#include <atomic>
#include <mutex>
#include <utility>

namespace pykea {

struct PythonApi {
    int (*Py_IsInitialized)();
    void (*Py_InitializeEx)(int);
    void* (*PyEval_SaveThread)();
    int (*PyGILState_Ensure)();
    void (*PyGILState_Release)(int);
    const char* (*Py_GetVersion)();
    PyObject* (*PyImport_ImportModule)(const char*);
    PyObject* (*PyObject_GetAttrString)(PyObject*, const char*);
    PyObject* (*PyObject_CallFunction)(PyObject*, const char*, ...);
    long (*PyLong_AsLong)(PyObject*);
    PyObject* (*PyErr_Occurred)();
    void (*PyErr_Fetch)(PyObject**, PyObject**, PyObject**);
    void (*PyErr_Clear)();
    PyObject* (*PyObject_Str)(PyObject*);
    const char* (*PyUnicode_AsUTF8)(PyObject*);
    void (*Py_DecRef)(PyObject*);
    void (*PyEval_RestoreThread)(void*);
    void* (*PyGILState_GetThisThreadState)();
    // Python 3.9+; older ones call through PyObject_CallFunctionObjArgs.
    PyObject* (*PyObject_Vectorcall)(PyObject*, PyObject* const*, size_t, PyObject*);
    PyObject* (*PyObject_CallFunctionObjArgs)(PyObject*, ...);
    // The native slots' calls (runCallout).
    int (*PyObject_SetAttr)(PyObject*, PyObject*, PyObject*);
    PyObject* (*PyList_GetItem)(PyObject*, ssize_t);
    int (*PyList_SetItem)(PyObject*, ssize_t, PyObject*);
    void (*Py_IncRef)(PyObject*);
    PyObject* (*PyUnicode_InternFromString)(const char*);
    void (*PyErr_NormalizeException)(PyObject**, PyObject**, PyObject**);
    int (*PyException_SetTraceback)(PyObject*, PyObject*);
    PyObject* (*PyLong_FromUnsignedLong)(unsigned long);
    PyObject* none;
    PyObject* hook_attribute;      // "_hook", interned once Python runs
};

namespace {

template <typename Function>
void resolve(void* library, const char* name, Function& target) {
    void* symbol = dlsym(library, name);
    if (!symbol) {
        fail(PYKEA_ERROR, std::string("libpython lacks ") + name + "; is it CPython 3.8 or later?");
    }
    target = reinterpret_cast<Function>(symbol);
}

void resolveAll(void* library, PythonApi& api) {
    resolve(library, "Py_IsInitialized", api.Py_IsInitialized);
    resolve(library, "Py_InitializeEx", api.Py_InitializeEx);
    resolve(library, "PyEval_SaveThread", api.PyEval_SaveThread);
    resolve(library, "PyGILState_Ensure", api.PyGILState_Ensure);
    resolve(library, "PyGILState_Release", api.PyGILState_Release);
    resolve(library, "Py_GetVersion", api.Py_GetVersion);
    resolve(library, "PyImport_ImportModule", api.PyImport_ImportModule);
    resolve(library, "PyObject_GetAttrString", api.PyObject_GetAttrString);
    resolve(library, "PyObject_CallFunction", api.PyObject_CallFunction);
    resolve(library, "PyLong_AsLong", api.PyLong_AsLong);
    resolve(library, "PyErr_Occurred", api.PyErr_Occurred);
    resolve(library, "PyErr_Fetch", api.PyErr_Fetch);
    resolve(library, "PyErr_Clear", api.PyErr_Clear);
    resolve(library, "PyObject_Str", api.PyObject_Str);
    resolve(library, "PyUnicode_AsUTF8", api.PyUnicode_AsUTF8);
    resolve(library, "Py_DecRef", api.Py_DecRef);
    resolve(library, "PyEval_RestoreThread", api.PyEval_RestoreThread);
    resolve(library, "PyGILState_GetThisThreadState", api.PyGILState_GetThisThreadState);
    resolve(library, "PyObject_CallFunctionObjArgs", api.PyObject_CallFunctionObjArgs);
    resolve(library, "PyObject_SetAttr", api.PyObject_SetAttr);
    resolve(library, "PyList_GetItem", api.PyList_GetItem);
    resolve(library, "PyList_SetItem", api.PyList_SetItem);
    resolve(library, "Py_IncRef", api.Py_IncRef);
    resolve(library, "PyUnicode_InternFromString", api.PyUnicode_InternFromString);
    resolve(library, "PyErr_NormalizeException", api.PyErr_NormalizeException);
    resolve(library, "PyException_SetTraceback", api.PyException_SetTraceback);
    resolve(library, "PyLong_FromUnsignedLong", api.PyLong_FromUnsignedLong);
    resolve(library, "_Py_NoneStruct", api.none);
    api.PyObject_Vectorcall = reinterpret_cast<PyObject* (*)(PyObject*, PyObject* const*, size_t,
                                                             PyObject*)>(
        dlsym(library, "PyObject_Vectorcall"));
}

// Process-wide; deliberately leaked so that it survives static destruction at exit.
std::mutex start_mutex;
PythonApi* started_api = nullptr;
EmbeddedPython* started = nullptr;
std::atomic<EmbeddedPython*> current_python{nullptr};

// Python may already run in this process: in a Python program that loaded pykea's library
// (the unit tests), or from an earlier load of this library that Kea has since closed.
bool adoptRunningInterpreter(PythonApi& api) {
    auto is_initialized = reinterpret_cast<int (*)()>(dlsym(RTLD_DEFAULT, "Py_IsInitialized"));
    if (!is_initialized || !is_initialized()) {
        return (false);
    }
    resolveAll(RTLD_DEFAULT, api);
    return (true);
}

}  // namespace

EmbeddedPython& EmbeddedPython::start(const std::string& libpython) {
    std::lock_guard<std::mutex> lock(start_mutex);
    if (started) {
        return (*started);
    }
    auto api = new PythonApi();
    if (!adoptRunningInterpreter(*api)) {
        void* library = dlopen(libpython.c_str(), RTLD_NOW | RTLD_GLOBAL);
        if (!library) {
            const char* reason = dlerror();
            delete api;
            fail(PYKEA_ERROR, "cannot open libpython '" + libpython + "': " +
                 (reason ? reason : "unknown error") +
                 "; remove the hook parameter 'libpython' (to embed the libpython pykea was built "
                 "with) or give the soname of an installed libpython3.X");
        }
        resolveAll(library, *api);
        if (!api->Py_IsInitialized()) {
            api->Py_InitializeEx(0);
            api->PyEval_SaveThread();
        }
    }
    int gil = api->PyGILState_Ensure();
    api->hook_attribute = api->PyUnicode_InternFromString("_hook");
    api->PyGILState_Release(gil);
    started_api = api;
    started = new EmbeddedPython(*api);
    current_python.store(started, std::memory_order_release);
    return (*started);
}

EmbeddedPython* EmbeddedPython::running() {
    std::lock_guard<std::mutex> lock(start_mutex);
    return (started);
}

EmbeddedPython* EmbeddedPython::current() {
    return (current_python.load(std::memory_order_acquire));
}

namespace {

// PyGILState_STATE's PyGILState_UNLOCKED.
const int GIL_WAS_UNLOCKED = 1;

// The extra PyGILState_Ensure a thread keeps from its first Gil until it ends.
class KeptThreadState {
public:
    void keep(const PythonApi& api) {
        if (!api_) {
            api_ = &api;
            api.PyGILState_Ensure();
        }
    }
    ~KeptThreadState() {
        // At exit Python may be gone already (a host Python program finalised it).
        if (api_ && api_->Py_IsInitialized()) {
            api_->PyEval_RestoreThread(api_->PyGILState_GetThisThreadState());
            api_->PyGILState_Release(GIL_WAS_UNLOCKED);    // deletes the thread state
        }
    }
private:
    const PythonApi* api_ = nullptr;
};

thread_local KeptThreadState kept_thread_state;

}  // namespace

EmbeddedPython::Gil::Gil(const EmbeddedPython& python)
    : api_(python.api_), state_(python.api_.PyGILState_Ensure()) {
    kept_thread_state.keep(api_);
}

EmbeddedPython::Gil::~Gil() {
    api_.PyGILState_Release(state_);
}

bool EmbeddedPython::alive() const {
    return (api_.Py_IsInitialized() != 0);
}

std::string EmbeddedPython::version() const {
    std::string full = api_.Py_GetVersion();
    auto first = full.find('.');
    auto second = full.find('.', first + 1);
    return (full.substr(0, second));
}

namespace {

// What a GIL build of CPython keeps as an object's first word (3.8 to 3.14).
ssize_t referenceCount(PyObject* object) {
    return (*reinterpret_cast<const ssize_t*>(object));
}

// What a GIL build of CPython keeps as an object's second word.
PyObject* typeOf(PyObject* object) {
    return (reinterpret_cast<PyObject* const*>(object)[1]);
}

// Each lent object is referenced by the frame object's lent and spare lists.
const ssize_t LENT_REFERENCES = 2;
// The handle by handles[0] and by the slot during the call.
const ssize_t HANDLE_REFERENCES = 2;

}  // namespace

EmbeddedPython::FrameObjects EmbeddedPython::frameObjects(uintptr_t frame) const {
    PyObject* object = reinterpret_cast<PyObject*>(frame);
    FrameObjects found;
    found.frame = frame;
    for (auto field : {std::make_pair("handles", &found.handles), std::make_pair("lent", &found.lent),
                       std::make_pair("spare", &found.spare),
                       std::make_pair("classes", &found.classes)}) {
        PyObject* list = api_.PyObject_GetAttrString(object, field.first);
        if (!list) {
            fail(PYKEA_ERROR, "the callout frame object has no list '" + std::string(field.first) +
                 "': " + takeError());
        }
        *field.second = reinterpret_cast<uintptr_t>(list);   // kept: frames live for the process
    }
    return (found);
}

void EmbeddedPython::lendSpares(const FrameObjects& frame, uint32_t lendable, const int* kinds,
                                uint32_t& lent) const {
    PyObject* spare = reinterpret_cast<PyObject*>(frame.spare);
    PyObject* lent_list = reinterpret_cast<PyObject*>(frame.lent);
    PyObject* classes = reinterpret_cast<PyObject*>(frame.classes);
    for (int index = 0; lendable >> index; ++index) {
        if (!(lendable & (1u << index))) {
            continue;
        }
        PyObject* wrapper = api_.PyList_GetItem(spare, index);
        PyObject* wanted_class = wrapper ? api_.PyList_GetItem(classes, kinds[index]) : nullptr;
        if (!wanted_class) {
            api_.PyErr_Clear();     // an index out of range: the argument is simply not lent
            continue;
        }
        if (wrapper != api_.none && typeOf(wrapper) == wanted_class) {
            api_.Py_IncRef(wrapper);
            api_.PyList_SetItem(lent_list, index, wrapper);     // takes the reference, drops None
            lent |= 1u << index;
        }
    }
}

void EmbeddedPython::runCallout(const Callout& callout, const FrameObjects& frame,
                                uint32_t lendable, const int* kinds, uint32_t& lent,
                                std::string& error) const {
    if (lendable) {
        lendSpares(frame, lendable, kinds, lent);
    }
    PyObject* handle = api_.PyList_GetItem(reinterpret_cast<PyObject*>(frame.handles), 0);
    if (!handle || api_.PyObject_SetAttr(handle, api_.hook_attribute,
                                         reinterpret_cast<PyObject*>(callout.access)) < 0) {
        error = takeError();
        return;
    }
    api_.Py_IncRef(handle);
    // Held for the call: the module may be unloaded (and the function dropped) while it runs.
    PyObject* function = reinterpret_cast<PyObject*>(callout.function);
    api_.Py_IncRef(function);
    PyObject* result = vectorcall(callout.function, &handle, 1);
    api_.Py_DecRef(function);
    if (!result) {
        // Reported first, so that the traceback's references are gone when kept is counted.
        PyObject* exception = takeException();
        finish(callout, frame, api_.none, exception, 0, error);
        api_.Py_DecRef(exception);
    }
    uint32_t kept = keptArguments(frame, lent);
    if (referenceCount(handle) > HANDLE_REFERENCES) {
        kept |= PYKEA_FRAME_HANDLE_KEPT;
    }
    api_.Py_DecRef(handle);
    if (kept || (result && result != api_.none)) {
        finish(callout, frame, result ? result : api_.none, api_.none, kept, error);
    }
    api_.Py_DecRef(result);
}

uint32_t EmbeddedPython::keptArguments(const FrameObjects& frame, uint32_t lent) const {
    uint32_t kept = 0;
    PyObject* lent_list = reinterpret_cast<PyObject*>(frame.lent);
    for (int index = 0; lent >> index; ++index) {
        PyObject* object = (lent & (1u << index)) ? api_.PyList_GetItem(lent_list, index) : nullptr;
        if (object && object != api_.none) {
            if (referenceCount(object) > LENT_REFERENCES) {
                kept |= 1u << index;
            }
            api_.Py_IncRef(api_.none);
            api_.PyList_SetItem(lent_list, index, api_.none);
        }
    }
    return (kept);
}

void EmbeddedPython::finish(const Callout& callout, const FrameObjects& frame, PyObject* result,
                            PyObject* exception, uint32_t kept, std::string& error) const {
    PyObject* kept_object = api_.PyLong_FromUnsignedLong(kept);
    if (!kept_object) {
        error = takeError();
        return;
    }
    PyObject* arguments[] = {reinterpret_cast<PyObject*>(frame.frame), result, exception,
                             kept_object};
    PyObject* finished = vectorcall(callout.finish, arguments, 4);
    if (!finished && error.empty()) {
        error = takeError();
    }
    api_.Py_DecRef(finished);
    api_.Py_DecRef(kept_object);
}

PyObject* EmbeddedPython::vectorcall(uintptr_t callable, PyObject* const* arguments,
                                     size_t count) const {
    PyObject* function = reinterpret_cast<PyObject*>(callable);
    if (api_.PyObject_Vectorcall) {
        return (api_.PyObject_Vectorcall(function, arguments, count, nullptr));
    }
    switch (count) {
    case 1:
        return (api_.PyObject_CallFunctionObjArgs(function, arguments[0], nullptr));
    default:
        return (api_.PyObject_CallFunctionObjArgs(function, arguments[0], arguments[1],
                                                  arguments[2], arguments[3], nullptr));
    }
}

PyObjectRef EmbeddedPython::takeException() const {
    PyObject* type = nullptr;
    PyObject* value = nullptr;
    PyObject* traceback = nullptr;
    api_.PyErr_Fetch(&type, &value, &traceback);
    api_.PyErr_NormalizeException(&type, &value, &traceback);
    if (value && traceback) {
        api_.PyException_SetTraceback(value, traceback);
    }
    api_.Py_DecRef(type);
    api_.Py_DecRef(traceback);
    if (!value) {
        api_.Py_IncRef(api_.none);
        return (api_.none);
    }
    return (value);
}

std::string EmbeddedPython::takeError() const {
    PyObject* type = nullptr;
    PyObject* value = nullptr;
    PyObject* traceback = nullptr;
    api_.PyErr_Fetch(&type, &value, &traceback);
    std::string text = "unknown Python error";
    if (type) {
        PyObject* name = api_.PyObject_GetAttrString(type, "__name__");
        PyObject* message = value ? api_.PyObject_Str(value) : nullptr;
        const char* name_text = name ? api_.PyUnicode_AsUTF8(name) : nullptr;
        const char* message_text = message ? api_.PyUnicode_AsUTF8(message) : nullptr;
        text = std::string(name_text ? name_text : "Exception") + ": " + (message_text ? message_text : "");
        for (PyObject* object : {name, message}) {
            if (object) {
                api_.Py_DecRef(object);
            }
        }
    }
    for (PyObject* object : {type, value, traceback}) {
        if (object) {
            api_.Py_DecRef(object);
        }
    }
    api_.PyErr_Clear();
    return (text);
}

void EmbeddedPython::addSiteDirectory(const std::string& directory) const {
    PyObject* site = api_.PyImport_ImportModule("site");
    if (!site) {
        fail(PYKEA_ERROR, takeError());
    }
    PyObject* function = api_.PyObject_GetAttrString(site, "addsitedir");
    api_.Py_DecRef(site);
    if (!function) {
        fail(PYKEA_ERROR, takeError());
    }
    PyObject* result = api_.PyObject_CallFunction(function, "s", directory.c_str());
    api_.Py_DecRef(function);
    if (!result) {
        fail(PYKEA_ERROR, "site.addsitedir(" + directory + "): " + takeError());
    }
    api_.Py_DecRef(result);
}

long EmbeddedPython::callInt(const char* module_name, const char* function_name,
                             uint64_t argument) const {
    return (call(module_name, function_name, &argument));
}

long EmbeddedPython::callInt(const char* module_name, const char* function_name) const {
    return (call(module_name, function_name, nullptr));
}

long EmbeddedPython::callText(const char* module_name, const char* function_name,
                              const std::string& text) const {
    return (call(module_name, function_name, nullptr, &text));
}

long EmbeddedPython::call(const char* module_name, const char* function_name,
                          const uint64_t* argument, const std::string* text) const {
    PyObject* module = api_.PyImport_ImportModule(module_name);
    if (!module) {
        fail(PYKEA_ERROR, std::string("import ") + module_name + ": " + takeError());
    }
    PyObject* function = api_.PyObject_GetAttrString(module, function_name);
    api_.Py_DecRef(module);
    if (!function) {
        fail(PYKEA_ERROR, takeError());
    }
    PyObject* result =
        argument ? api_.PyObject_CallFunction(function, "K", static_cast<unsigned long long>(*argument))
        : text ? api_.PyObject_CallFunction(function, "s", text->c_str())
        : api_.PyObject_CallFunction(function, nullptr);
    api_.Py_DecRef(function);
    if (!result) {
        fail(PYKEA_ERROR, std::string(module_name) + "." + function_name + ": " + takeError());
    }
    long value = api_.PyLong_AsLong(result);
    api_.Py_DecRef(result);
    if (value == -1 && api_.PyErr_Occurred()) {
        fail(PYKEA_ERROR, std::string(module_name) + "." + function_name + ": " + takeError());
    }
    return (value);
}


}  // namespace pykea
