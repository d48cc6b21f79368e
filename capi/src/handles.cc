#include "handles.h"

#include <mutex>

namespace pykea {

class Registry {
public:
    static Registry& instance() {
        // Never destroyed: handles may be freed by Python during process exit.
        static Registry* registry = new Registry();
        return (*registry);
    }

    void link(Tracked* handle) {
        std::lock_guard<std::mutex> lock(mutex_);
        handle->prev_ = nullptr;
        handle->next_ = head_;
        if (head_) {
            head_->prev_ = handle;
        }
        head_ = handle;
        ++count_;
    }

    void unlink(Tracked* handle) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (handle->prev_) {
            handle->prev_->next_ = handle->next_;
        } else {
            head_ = handle->next_;
        }
        if (handle->next_) {
            handle->next_->prev_ = handle->prev_;
        }
        --count_;
    }

    uint64_t count() {
        std::lock_guard<std::mutex> lock(mutex_);
        return (count_);
    }

    uint64_t detachAll() {
        std::vector<boost::shared_ptr<void>> references;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            for (Tracked* handle = head_; handle; handle = handle->next_) {
                if (!handle->detached_) {
                    handle->detached_ = true;
                    references.push_back(handle->takeReference());
                }
            }
        }
        return (references.size());   // the references die here, outside the lock
    }

private:
    std::mutex mutex_;
    Tracked* head_ = nullptr;
    uint64_t count_ = 0;
};

void Tracked::track() {
    Registry::instance().link(this);
}

void Tracked::untrack() {
    Registry::instance().unlink(this);
}

uint64_t Tracked::liveCount() {
    return (Registry::instance().count());
}

uint64_t Tracked::detachAll() {
    return (Registry::instance().detachAll());
}

}  // namespace pykea
